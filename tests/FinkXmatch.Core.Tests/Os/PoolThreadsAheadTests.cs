using System.Diagnostics;
using FinkXmatch.Core.Os;

namespace FinkXmatch.Core.Tests.Os;

/// <summary>
/// The pool's workers started from a native thread (<see cref="PoolThreadsAhead"/>): the items it queues run (the
/// native thread entered the runtime and reached the pool), once per process, and leave the pool free for the work after.
/// </summary>
public sealed class PoolThreadsAheadTests
{
    [Fact]
    public async Task The_workers_started_ahead_run_once_and_leave_the_pool_free()
    {
        PoolThreadsAhead.Start(2);
        PoolThreadsAhead.Start(2);
        var clock = Stopwatch.StartNew();
        while (PoolThreadsAhead.Started < 2 && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(10);
        Assert.Equal(2, PoolThreadsAhead.Started);

        // Two items that need each other: both run at once on the pool.
        using var met = new CountdownEvent(2);
        var first = Task.Run(() => { met.Signal(); return met.Wait(TimeSpan.FromSeconds(10)); });
        var second = Task.Run(() => { met.Signal(); return met.Wait(TimeSpan.FromSeconds(10)); });
        Assert.True(await first);
        Assert.True(await second);
        await Task.Delay(50);
        Assert.Equal(2, PoolThreadsAhead.Started);
    }
}
