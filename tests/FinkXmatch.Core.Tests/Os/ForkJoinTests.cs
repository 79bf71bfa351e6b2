using FinkXmatch.Core.Os;

namespace FinkXmatch.Core.Tests.Os;

/// <summary>
/// Every worker runs once, at the same time as the others when the pool has threads, on the calling thread when it has
/// none, and whatever they throw comes out as Parallel.For's would.
/// </summary>
public class ForkJoinTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Each_worker_runs_once(int workers)
    {
        var runs = new int[workers];
        ForkJoin.Run(workers, w => Interlocked.Increment(ref runs[w]));
        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [Fact]
    public void Workers_run_at_once()
    {
        // Each waits for the other: run one after the other, they would never get past the barrier.
        using var barrier = new Barrier(2);
        ForkJoin.Run(2, _ => Assert.True(barrier.SignalAndWait(TimeSpan.FromSeconds(30))));
    }

    [Fact]
    public void What_the_workers_throw_comes_out_together()
    {
        var thrown = Assert.Throws<AggregateException>(() => ForkJoin.Run(3, w =>
        {
            if (w != 1) throw new InvalidOperationException($"worker {w}");
        }));
        Assert.Equal(["worker 0", "worker 2"], thrown.InnerExceptions.Select(e => e.Message).Order());
        var alone = Assert.Throws<AggregateException>(() => ForkJoin.Run(1, _ => throw new InvalidOperationException("alone")));
        Assert.Equal("alone", Assert.Single(alone.InnerExceptions).Message);
    }
}

/// <summary>
/// Alone, since it fills the thread pool: a thread freed by a test running beside it would take the workers (it failed
/// so, 1 run in ~10 of the whole project, before it ran alone).
/// </summary>
[CollectionDefinition(nameof(ThreadPoolFilled), DisableParallelization = true)]
public sealed class ThreadPoolFilled;

[Collection(nameof(ThreadPoolFilled))]
public class ForkJoinWithoutPoolTests
{
    [Fact]
    public void Workers_no_pool_thread_starts_run_on_the_calling_thread()
    {
        // The pool's threads all wait for the workers to be done: only the calling thread is left to run them.
        var caller = Environment.CurrentManagedThreadId;
        // Not disposed: a work item counted as blocked may reach its Wait only after this test has returned.
        var allDone = new ManualResetEventSlim();
        // Every thread the pool has now, and more: an idle one left over from an earlier test would take the workers.
        var threads = Math.Max(Environment.ProcessorCount * 4, ThreadPool.ThreadCount) + 8;
        ThreadPool.GetMinThreads(out var minWorkers, out var minPorts);
        var ranOn = new int[3];
        var blocked = 0;
        using var allBlocked = new ManualResetEventSlim();
        ThreadPool.SetMinThreads(Math.Max(minWorkers, threads), minPorts);
        try
        {
            for (var k = 0; k < threads; k++)
                ThreadPool.UnsafeQueueUserWorkItem(_ =>
                {
                    if (Interlocked.Increment(ref blocked) == threads) allBlocked.Set();
                    allDone.Wait();
                }, null);
            Assert.True(allBlocked.Wait(TimeSpan.FromSeconds(30)));
            ForkJoin.Run(3, w => ranOn[w] = Environment.CurrentManagedThreadId);
        }
        finally
        {
            allDone.Set();
            ThreadPool.SetMinThreads(minWorkers, minPorts);
        }
        Assert.All(ranOn, thread => Assert.Equal(caller, thread));
    }
}
