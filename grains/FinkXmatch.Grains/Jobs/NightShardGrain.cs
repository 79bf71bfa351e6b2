using FinkXmatch.Core.Xmatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// Scans one night of one job (<see cref="NightShardScan"/>) on the thread pool, never on the grain's scheduler,
/// and answers its progress to the job grain, which polls it. The state is in memory only: if this activation is
/// lost, the job sees <see cref="ShardRunState.Idle"/> and starts the night again (Kafka keeps it exactly once).
/// </summary>
public sealed partial class NightShardGrain(XmatchJobResources resources, IServiceProvider services, ILogger<NightShardGrain> logger)
    : Grain, INightShardGrain
{
    private static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(10);

    private ShardProgress _progress = ShardProgress.Idle;
    private XmatchCounters? _counters;
    private CancellationTokenSource? _cancel;
    private Task? _run;

    public Task<ShardProgress> StartAsync(NightShardWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_progress.State is ShardRunState.Running or ShardRunState.Completed) return Task.FromResult(Current());
        _cancel?.Dispose();
        _cancel = new CancellationTokenSource();
        _counters = new XmatchCounters();
        _progress = new ShardProgress(ShardRunState.Running, 0, 0, false, null);
        _run = RunAsync(work, _counters, _cancel.Token);
        return Task.FromResult(Current());
    }

    public Task<ShardProgress> GetProgressAsync() => Task.FromResult(Current());

    public async Task<ShardProgress> CancelAsync()
    {
        if (_cancel is not null) await _cancel.CancelAsync();
        if (_run is { } run) await Task.WhenAny(run, Task.Delay(CancelWait));
        return Current();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The job grain restarts a night whose activation went away; stop this copy rather than race it.
        if (_cancel is not null) await _cancel.CancelAsync();
        if (_run is { } run) await Task.WhenAny(run, Task.Delay(CancelWait, cancellationToken));
    }

    private ShardProgress Current() => _progress.State == ShardRunState.Running && _counters is { } c
        ? _progress with { AlertsScanned = c.AlertsScanned, Matches = c.Matches }
        : _progress;

    // Runs on the grain's scheduler except for the scan itself, so the field updates need no lock.
    private async Task RunAsync(NightShardWork work, XmatchCounters counters, CancellationToken cancel)
    {
        var observer = services.GetService<IShardScanObserver>();
        try
        {
            _progress = await Task.Run(() => NightShardScan.RunAsync(work, resources, observer, counters, cancel), CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            _progress = new ShardProgress(ShardRunState.Cancelled, counters.AlertsScanned, counters.Matches, false, null);
        }
        catch (Exception e)
        {
            LogScanFailed(logger, e, work.JobId, work.Night);
            _progress = new ShardProgress(ShardRunState.Failed, counters.AlertsScanned, counters.Matches, false, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the scan of night {Night} failed")]
    private static partial void LogScanFailed(ILogger logger, Exception error, string jobId, string night);
}
