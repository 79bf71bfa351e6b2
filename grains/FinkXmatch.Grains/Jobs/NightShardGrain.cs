using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.Xmatch;
using Microsoft.Extensions.Logging;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// Scans one night of one job (<see cref="NightShardScan"/>) on the thread pool, never on the grain's scheduler,
/// and tells its job grain when the scan ends (<see cref="IXmatchJobGrain.ShardFinishedAsync"/>); the job asks its
/// progress only for a status, after the job's own activation was lost, and now and then to notice a lost shard.
/// The state is in memory only: if this activation is lost, the job sees <see cref="ShardRunState.Idle"/> and starts
/// the night again (Kafka keeps it exactly once).
/// </summary>
public sealed partial class NightShardGrain(XmatchJobResources resources, IShardScanObserver observer, ILogger<NightShardGrain> logger)
    : Grain, INightShardGrain
{
    private static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(10);

    // Tries at telling the job, with these pauses between them; if all fail, the job's periodic check learns it.
    private static readonly TimeSpan[] ReportRetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

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
        // Reported around the whole scan, so the recorded concurrency is never below the true one.
        var activity = GrainFactory.GetGrain<IScanActivityGrain>(IScanActivityGrain.ClusterKey);
        var reported = await ReportAsync(() => activity.ScanStartedAsync(work.JobId), work);
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
            // Kafka was retried with backoff already (KafkaMaxAttempts); more tries of the night would only multiply the wait.
            _progress = new ShardProgress(ShardRunState.Failed, counters.AlertsScanned, counters.Matches, false, e.Message,
                Final: e is KafkaBrokerException);
        }
        finally
        {
            if (reported) await ReportAsync(() => activity.ScanEndedAsync(work.JobId), work);
        }
        // Not awaited by the scan: a job stopping its scans waits for them (CancelAsync) and takes no call meanwhile.
        _ = TellJobAsync(work, _progress);
    }

    private async Task TellJobAsync(NightShardWork work, ShardProgress progress)
    {
        var job = GrainFactory.GetGrain<IXmatchJobGrain>(work.JobId);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await job.ShardFinishedAsync(work.Night, progress);
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (attempt == ReportRetryDelays.Length)
                {
                    LogJobNotTold(logger, e, work.JobId, work.Night);
                    return;
                }
                await Task.Delay(ReportRetryDelays[attempt]);
            }
        }
    }

    // Counting is for operators and tests: a failed report never holds up or fails the scan.
    private async Task<bool> ReportAsync(Func<Task> report, NightShardWork work)
    {
        try
        {
            await report();
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogReportFailed(logger, e, work.JobId, work.Night);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: night {Night} could not report to the scan activity record")]
    private static partial void LogReportFailed(ILogger logger, Exception error, string jobId, string night);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: night {Night} could not tell its job that it ended; the job's next check will ask")]
    private static partial void LogJobNotTold(ILogger logger, Exception error, string jobId, string night);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the scan of night {Night} failed")]
    private static partial void LogScanFailed(ILogger logger, Exception error, string jobId, string night);
}
