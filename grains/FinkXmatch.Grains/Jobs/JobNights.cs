using System.Globalization;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// The nights of one job: each night's record (pending, running, done; persisted in the job's state) and the counters
/// of those scanning now (in memory, from their last report). It decides what a scan's outcome means for its night
/// (done, retried, lost) and for the job (failed), and says so in the words of the job log; it calls nothing.
/// </summary>
internal sealed class JobNights(Func<Dictionary<string, ShardRecord>> records)
{
    /// <summary>A night failing this many times fails the job.</summary>
    public const int MaxFailures = 3;

    private readonly Dictionary<string, ShardProgress> _live = new(StringComparer.Ordinal);

    private Dictionary<string, ShardRecord> Records => records();

    /// <summary>The records of a new job's nights, all pending, in the request's order.</summary>
    public static Dictionary<string, ShardRecord> Initial(string[] nights) => nights.ToDictionary(n => n, _ => new ShardRecord(), StringComparer.Ordinal);

    public int Count => Records.Count;

    public int Done => Records.Values.Count(s => s.Status == ShardRecordStatus.Done);

    public bool AllDone => Records.Values.All(s => s.Status == ShardRecordStatus.Done);

    public string[] Running() => InState(ShardRecordStatus.Running);

    public string[] Pending() => InState(ShardRecordStatus.Pending);

    public bool IsRunning(string night) => Records.TryGetValue(night, out var record) && record.Status == ShardRecordStatus.Running;

    /// <summary>The nights are being started; <see cref="NotStarted"/> puts back one whose start failed.</summary>
    public void Starting(IEnumerable<string> nights)
    {
        foreach (var night in nights) Records[night].Status = ShardRecordStatus.Running;
    }

    public void NotStarted(string night) => Records[night].Status = ShardRecordStatus.Pending;

    /// <summary>A night's scan answered its start with where it is (running, or done in a shard activation that outlived the job's).</summary>
    public void Started(string night, ShardProgress progress) => _live[night] = progress;

    /// <summary>The scans were stopped (the job gave up): their nights are pending again and their counters gone.</summary>
    public void Stopped(IEnumerable<string> nights)
    {
        foreach (var night in nights) Records[night].Status = ShardRecordStatus.Pending;
        _live.Clear();
    }

    /// <summary>A running night's counters so far (a status asked while it scans).</summary>
    public void Progressed(string night, ShardProgress progress)
    {
        if (progress.State == ShardRunState.Running && IsRunning(night)) _live[night] = progress;
    }

    /// <summary>What the report of a running night's scan changes; a night not running is left as it is.</summary>
    public NightChange Record(string night, ShardProgress progress)
    {
        var record = Records[night];
        if (record.Status != ShardRecordStatus.Running) return NightChange.None;
        if (progress.State == ShardRunState.Running)
        {
            _live[night] = progress;
            return NightChange.None;
        }
        _live.Remove(night);
        switch (progress.State)
        {
            case ShardRunState.Completed:
                record.Status = ShardRecordStatus.Done;
                record.AlertsScanned = progress.AlertsScanned;
                record.Matches = progress.Matches;
                return NightChange.Logged(string.Create(CultureInfo.InvariantCulture,
                    $"night {night} done: {progress.AlertsScanned:N0} alerts, {progress.Matches:N0} matches{(progress.ScanPath is { } path ? $", {path}" : "")}{(progress.AlreadyPublished ? " (already in Kafka from an earlier run)" : "")} ({Done}/{Count})"));
            case ShardRunState.Failed:
                record.Failures++;
                if (progress.Final) return NightChange.FailsJob($"night {night} failed: {progress.Error}");
                if (record.Failures >= MaxFailures) return NightChange.FailsJob($"night {night} failed {record.Failures} times: {progress.Error}");
                record.Status = ShardRecordStatus.Pending;
                return NightChange.Logged($"night {night} failed (attempt {record.Failures} of {MaxFailures}), will retry: {progress.Error}");
            default:
                // Idle or cancelled: its activation was lost (a silo stopped) or this job was resumed; scan it again.
                record.Status = ShardRecordStatus.Pending;
                return NightChange.Logged($"night {night}: its scan was lost, scheduling it again");
        }
    }

    /// <summary>Alerts scanned and matches found: those of the nights done, and so far of those running.</summary>
    public (long Alerts, long Matches) Counters()
    {
        long alerts = 0, matches = 0;
        foreach (var (night, record) in Records)
        {
            if (record.Status == ShardRecordStatus.Done)
            {
                alerts += record.AlertsScanned;
                matches += record.Matches;
            }
            else if (record.Status == ShardRecordStatus.Running && _live.TryGetValue(night, out var live))
            {
                alerts += live.AlertsScanned;
                matches += live.Matches;
            }
        }
        return (alerts, matches);
    }

    private string[] InState(ShardRecordStatus status) => Records.Where(s => s.Value.Status == status).Select(s => s.Key).ToArray();
}

/// <summary>
/// What a scan's report changed: <see cref="Changed"/> (the state is to be saved), a line for the job log, or the
/// error that fails the job.
/// </summary>
internal readonly record struct NightChange(bool Changed, string? LogLine, string? JobError)
{
    public static NightChange None => default;

    public static NightChange Logged(string line) => new(true, line, null);

    public static NightChange FailsJob(string error) => new(true, null, error);
}
