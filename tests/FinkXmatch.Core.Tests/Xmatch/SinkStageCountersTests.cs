using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Os;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// The write stage's CPU (<see cref="XmatchStage.Sink"/>) when the sink goes on on another thread, as a FileStream's
/// row group flush does: what a batch's write did on the runner's thread before it first waited is counted, batch by
/// batch. Laps end on another thread count in wall time only, and one lap over a night's batches lost all their CPU.
/// </summary>
public sealed class SinkStageCountersTests : IAsyncLifetime
{
    private static readonly TimeSpan Burn = TimeSpan.FromMilliseconds(3);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fxm-sink-laps-" + Guid.NewGuid().ToString("N"));
    private readonly SourceCatalog _catalog = ReferenceCatalogs.Merged();

    public Task InitializeAsync() => PlantedDatalake.GenerateSparseAsync(new DatalakeGeneratorOptions(_root, new DateOnly(2025, 12, 28), Nights: 3,
        AlertsPerNight: 2000, Seed: 41, CutoutBytes: 0, RowGroupSize: 250, AlertsPerFile: 1000, MaxHistory: 1), _catalog, 0.02);

    [Fact]
    public async Task A_sink_that_goes_on_on_a_pool_thread_has_the_cpu_it_spent_before_counted()
    {
        Assert.True(ThreadCpuClock.NowNanoseconds() >= 0, "Linux gives each thread a CPU clock");
        var plan = await XmatchPlan.CreateAsync(_root, EngineRun.Options(2, MatchMode.Nearest), _catalog.IdColumn);
        var counters = new XmatchCounters();
        var batches = 0;
        var summary = await LocalXmatchRunner.RunAsync(plan, _catalog, HealpixIndex.Build(_catalog.RaDeg, _catalog.DecDeg, 2), async (_, _) =>
        {
            batches++;
            // The CPU a writer spends encoding, then a write that completes on another thread (which goes on with the rest).
            var start = ThreadCpuClock.NowNanoseconds();
            while (ThreadCpuClock.NowNanoseconds() - start < Burn.Ticks * 100) { }
            await Task.Factory.StartNew(() => Thread.Sleep(1), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }, parallelism: 2, counters);

        Assert.True(summary.Matches > 0 && batches >= 2 * plan.Shards.Count, $"{batches} batches");
        var burnt = batches * Burn;
        Assert.InRange(counters.CpuTimeIn(XmatchStage.Sink), burnt, burnt + TimeSpan.FromMilliseconds(batches));
        Assert.True(counters.TimeIn(XmatchStage.Sink) >= burnt, $"wall {counters.TimeIn(XmatchStage.Sink)}");
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
