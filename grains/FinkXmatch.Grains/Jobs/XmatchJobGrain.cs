using System.Globalization;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Grains.Expiry;
using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// Drives one crossmatch job. A grain timer ticks while the job is queued or running: the first tick creates the
/// Kafka topics and starts nights, up to <see cref="JobOptions.CoresPerJob"/> at once within the slots the
/// cluster's <see cref="IShardSlotGrain"/> grants; later ticks ask for slots still missing. Each night tells the job
/// when its scan ends (<see cref="ShardFinishedAsync"/>), and the job records it and starts the next night at once;
/// every <see cref="ShardCheckEveryTicks"/> ticks, and on the first tick of a resumed job, it asks its running nights
/// where they are, to notice one lost with its silo or one that ended while this job was down. No call waits on a
/// scan, so status, log and cancel answer at once. Every change is persisted before it is acted on, and an activation
/// of an unfinished job carries on from its state (resume after a restart).
/// While the job is unfinished a <see cref="WakeUpReminder"/> (<see cref="ResumeReminder"/>) is registered, so that
/// after a silo restart the job is activated, and resumes, without anyone calling it. Once finished, the job hands its
/// expiry (<see cref="RetentionOptions.ResultRetention"/> later) to the <see cref="IRetentionGrain"/> and drops
/// the reminder; <see cref="ExpireAsync"/> then deletes its results and topics and marks it expired.
/// </summary>
public sealed partial class XmatchJobGrain(
    [PersistentState("job", GrainStorage.Name)] IPersistentState<XmatchJobState> state,
    XmatchJobResources resources,
    TimeProvider time,
    ILogger<XmatchJobGrain> logger) : Grain, IXmatchJobGrain, IRemindable
{
    /// <summary>A night failing this many times fails the job.</summary>
    public const int MaxShardFailures = 3;

    /// <summary>The reminder that keeps an unfinished job alive across silo restarts.</summary>
    public const string ResumeReminder = "resume";

    /// <summary>Every this many ticks a running job asks its running nights where they are (see <see cref="CheckScansAsync"/>).</summary>
    public const int ShardCheckEveryTicks = 10;

    private readonly Dictionary<string, ShardProgress> _live = new(StringComparer.Ordinal);
    private IGrainTimer? _timer;
    // Zero at activation, so that the first tick of a resumed job asks its nights at once.
    private int _ticksSinceCheck;
    private bool _resumeReminderSet;
    private bool _unsaved;

    private string JobId => this.GetPrimaryKeyString();

    private XmatchJobState S => state.State;

    private IShardSlotGrain Slots => GrainFactory.GetGrain<IShardSlotGrain>(IShardSlotGrain.ClusterKey);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Request is not null && !JobStatuses.IsFinished(S.Status))
        {
            // An unfinished job activated again: its silo died or the cluster restarted. Operators see it in the log.
            if (S.Status == JobStatuses.Running)
                Log($"resumed on {RuntimeIdentity}: {ShardsDone()} of {S.Shards.Count} nights recorded, {S.Shards.Values.Count(s => s.Status == ShardRecordStatus.Running)} scans to look up");
            StartTicking();
        }
        return Task.CompletedTask;
    }

    public async Task<JobStatus> SubmitAsync(XmatchJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (S.Request is not null) return Status();
        if (!JobTopic.TryParse(JobId, out _)) throw new ArgumentException($"'{JobId}' is not a job topic ({JobTopic.Shape})");
        if (request.Nights.Length == 0) throw new ArgumentException("a job needs at least one night", nameof(request));

        S.Request = request;
        S.Status = JobStatuses.Queued;
        S.SubmittedAt = time.GetUtcNow();
        S.Shards = request.Nights.ToDictionary(n => n, _ => new ShardRecord(), StringComparer.Ordinal);
        Log(string.Create(CultureInfo.InvariantCulture,
            $"submitted: catalog {request.CatalogId} ({request.RaColumn}, {request.DecColumn}, id {request.IdColumn ?? "row number"}), radius {request.RadiusArcsec} arcsec, match {request.Match}, {request.Nights.Length} nights {request.Nights[0]}..{request.Nights[^1]}"));
        await PersistAsync();
        StartTicking();
        return Status();
    }

    public async Task<JobStatus?> GetStatusAsync()
    {
        if (S.Request is null) return null;
        if (S.Status == JobStatuses.Running) await RefreshLiveCountersAsync();
        return Status();
    }

    public Task<string[]?> GetLogAsync() => Task.FromResult(S.Request is null ? null : S.Log.ToArray());

    public Task<XmatchJobRequest?> GetRequestAsync() => Task.FromResult(S.Request);

    public async Task<CancelResult> CancelAsync()
    {
        if (S.Request is null) return new CancelResult(false, null);
        if (JobStatuses.IsFinished(S.Status)) return new CancelResult(false, Status());

        S.Status = JobStatuses.Cancelled;
        S.FinishedAt = time.GetUtcNow();
        Log("cancel requested: stopping the scans");
        await PersistAsync();
        StopTicking();
        var stopped = await StopScansAsync();
        await RecordPeakAsync();
        DeleteResults();
        Log($"cancelled ({stopped} scans stopped, {ShardsDone()} of {S.Shards.Count} nights had finished)");
        await PersistAsync();
        await ScheduleExpiryAsync();
        return new CancelResult(true, Status());
    }

    private void StartTicking()
    {
        var period = TimeSpan.FromMilliseconds(Math.Max(10, resources.Jobs.JobTickMilliseconds));
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, period) { KeepAlive = true, Interleave = false });
    }

    private void StopTicking()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private Task TickAsync(CancellationToken cancellationToken) => StepAsync(async () =>
    {
        await EnsureResumeReminderAsync();
        if (_unsaved) await SaveAgainAsync();
        if (S.Status == JobStatuses.Queued) await StartRunningAsync();
        if (S.Status == JobStatuses.Running && !S.TopicsReady) await PrepareTopicsAsync();
        // The shards report when they end; asking them is only for those lost with a silo (or this job's own lost activation).
        if (S.Status == JobStatuses.Running && (_ticksSinceCheck++ % ShardCheckEveryTicks == 0)) await CheckScansAsync();
        if (S.Status == JobStatuses.Running) await TopUpAsync();
    });

    public Task ShardFinishedAsync(string night, ShardProgress progress) => StepAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(progress);
        // A report from a scan this job no longer waits for (stopped, restarted, or the job ended) changes nothing.
        if (S.Status != JobStatuses.Running || !S.Shards.TryGetValue(night, out var record) || record.Status != ShardRecordStatus.Running) return;
        await RecordScansAsync([(night, progress)]);
        // The finished scan's slot is free now: start the next night at once rather than on the next tick.
        if (S.Status == JobStatuses.Running) await TopUpAsync();
    });

    // One step of the job, from its timer or a shard's report: a failure fails the job; an unsaved state is saved again later.
    private async Task StepAsync(Func<Task> step)
    {
        try
        {
            try
            {
                await step();
            }
            catch (Exception e) when (e is not JobStateNotSavedException)
            {
                LogJobFailed(logger, e, JobId);
                await FailAsync(e.Message);
            }
        }
        catch (JobStateNotSavedException e)
        {
            CarryOnUnsaved(e);
        }
        // A finished job whose last state is not saved yet keeps ticking to save it.
        if (JobStatuses.IsFinished(S.Status) && !_unsaved) StopTicking();
    }

    private async Task StartRunningAsync()
    {
        S.Status = JobStatuses.Running;
        S.StartedAt = time.GetUtcNow();
        Log("running");
        await PersistAsync();
    }

    private async Task PrepareTopicsAsync()
    {
        using var span = JobActivities.Start(JobActivities.PrepareTopics, JobId);
        var plan = await resources.GetPlanAsync(JobId, S.Request!);
        // Idempotent: a resumed job may have created them already. Off the grain's scheduler: the Kafka client blocks
        // its thread for up to KafkaOperationTimeout per attempt while a broker does not answer.
        var (jobId, submittedAt) = (JobId, S.SubmittedAt);
        await Task.Run(() => ResultTopics.PrepareAsync(resources.Kafka, jobId, plan.Result.Schema, submittedAt, resources.KafkaOutput,
            schemas: resources.Schemas));
        S.TopicsReady = true;
        Log($"Kafka topic {JobId} ready (10 partitions, schema in {TopicNames.Schema(JobId)}); columns {string.Join(", ", plan.Result.ColumnNames)}");
        // Nights written under older or newer schemas lack some fields: their rows hold null there.
        foreach (var note in plan.MissingFieldNotes) Log(note);
        await PersistAsync();
    }

    // Asks every running night where it is: after this job's activation was lost (the nights that ended meanwhile could
    // not report to it) and, every few ticks, to notice a night whose activation was lost with its silo.
    private async Task CheckScansAsync()
    {
        var polls = await PollRunningAsync();
        // A failed call is asked again at the next check.
        await RecordScansAsync(polls.Where(p => p.Progress is not null).Select(p => (p.Night, p.Progress!)).ToArray());
    }

    private async Task RecordScansAsync(IReadOnlyList<(string Night, ShardProgress Progress)> scans)
    {
        var changed = false;
        foreach (var (night, progress) in scans)
        {
            var record = S.Shards[night];
            if (record.Status != ShardRecordStatus.Running) continue;
            switch (progress.State)
            {
                case ShardRunState.Running:
                    _live[night] = progress;
                    break;
                case ShardRunState.Completed:
                    _live.Remove(night);
                    record.Status = ShardRecordStatus.Done;
                    record.AlertsScanned = progress.AlertsScanned;
                    record.Matches = progress.Matches;
                    Log(string.Create(CultureInfo.InvariantCulture,
                        $"night {night} done: {progress.AlertsScanned:N0} alerts, {progress.Matches:N0} matches{(progress.ScanPath is { } path ? $", {path}" : "")}{(progress.AlreadyPublished ? " (already in Kafka from an earlier run)" : "")} ({ShardsDone()}/{S.Shards.Count})"));
                    changed = true;
                    break;
                case ShardRunState.Failed:
                    _live.Remove(night);
                    record.Failures++;
                    if (progress.Final)
                    {
                        await FailAsync($"night {night} failed: {progress.Error}");
                        return;
                    }
                    if (record.Failures >= MaxShardFailures)
                    {
                        await FailAsync($"night {night} failed {record.Failures} times: {progress.Error}");
                        return;
                    }
                    record.Status = ShardRecordStatus.Pending;
                    Log($"night {night} failed (attempt {record.Failures} of {MaxShardFailures}), will retry: {progress.Error}");
                    changed = true;
                    break;
                default:
                    // Idle or cancelled: its activation was lost (a silo stopped) or this job was resumed; scan it again.
                    _live.Remove(night);
                    record.Status = ShardRecordStatus.Pending;
                    Log($"night {night}: its scan was lost, scheduling it again");
                    changed = true;
                    break;
            }
        }
        if (S.Shards.Values.All(s => s.Status == ShardRecordStatus.Done))
        {
            await CompleteAsync();
            return;
        }
        if (changed) await PersistAsync();
    }

    // The running nights' counters so far, for a status asked while they scan (they report only when they end).
    private async Task RefreshLiveCountersAsync()
    {
        var polls = await PollRunningAsync();
        foreach (var (night, progress) in polls)
        {
            if (progress is { State: ShardRunState.Running } && S.Shards[night].Status == ShardRecordStatus.Running) _live[night] = progress;
        }
    }

    private Task<(string Night, ShardProgress? Progress)[]> PollRunningAsync() => Task.WhenAll(S.Shards
        .Where(s => s.Value.Status == ShardRecordStatus.Running)
        .Select(async s => (s.Key, await TryPollAsync(s.Key))));

    private async Task<ShardProgress?> TryPollAsync(string night)
    {
        try
        {
            return await Shard(night).GetProgressAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogPollFailed(logger, e, JobId, night);
            return null;
        }
    }

    private async Task TopUpAsync()
    {
        var running = S.Shards.Values.Count(s => s.Status == ShardRecordStatus.Running);
        var pending = S.Shards.Where(s => s.Value.Status == ShardRecordStatus.Pending).Select(s => s.Key).ToArray();
        var wanted = Math.Min(Math.Max(0, resources.Jobs.CoresPerJob - running), pending.Length);
        int granted;
        try
        {
            granted = await Slots.AcquireAsync(JobId, running, wanted);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogPollFailed(logger, e, JobId, "slots");
            return;
        }
        if (granted <= 0) return;

        var starting = pending.Take(granted).ToArray();
        foreach (var night in starting) S.Shards[night].Status = ShardRecordStatus.Running;
        await PersistAsync();
        var work = S.Request!;
        await Task.WhenAll(starting.Select(async night =>
        {
            try
            {
                _live[night] = await Shard(night).StartAsync(new NightShardWork(JobId, night, work));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Not started: back to pending; the slot is returned with the next tick's count.
                S.Shards[night].Status = ShardRecordStatus.Pending;
                LogPollFailed(logger, e, JobId, night);
            }
        }));
    }

    private async Task CompleteAsync()
    {
        await RecordPeakAsync();
        S.Status = JobStatuses.Completed;
        S.FinishedAt = time.GetUtcNow();
        var elapsed = S.FinishedAt.Value - (S.StartedAt ?? S.SubmittedAt);
        Log(string.Create(CultureInfo.InvariantCulture,
            $"completed: {S.Shards.Count} nights, {S.Shards.Values.Sum(s => s.AlertsScanned):N0} alerts, {S.Shards.Values.Sum(s => s.Matches):N0} matches in {elapsed.TotalSeconds:F1} s, at most {S.PeakConcurrentScans?.ToString(CultureInfo.InvariantCulture) ?? "?"} nights scanned at once"));
        await PersistAsync();
        await ReleaseSlotsAsync();
        await ScheduleExpiryAsync();
    }

    private async Task FailAsync(string error)
    {
        if (JobStatuses.IsFinished(S.Status)) return;
        S.Status = JobStatuses.Failed;
        S.Error = error;
        S.FinishedAt = time.GetUtcNow();
        Log($"failed: {error}");
        await PersistAsync();
        await StopScansAsync();
        await RecordPeakAsync();
        DeleteResults();
        await ScheduleExpiryAsync();
    }

    // Cancels the running scans (each waits a few seconds for its scan to stop) and frees the job's slots.
    private async Task<int> StopScansAsync()
    {
        var running = S.Shards.Where(s => s.Value.Status == ShardRecordStatus.Running).Select(s => s.Key).ToArray();
        await Task.WhenAll(running.Select(async night =>
        {
            try
            {
                await Shard(night).CancelAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogPollFailed(logger, e, JobId, night);
            }
        }));
        foreach (var night in running) S.Shards[night].Status = ShardRecordStatus.Pending;
        _live.Clear();
        await ReleaseSlotsAsync();
        return running.Length;
    }

    private async Task ReleaseSlotsAsync()
    {
        try
        {
            await Slots.ReleaseAsync(JobId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The slot grain forgets a job that stops asking.
            LogPollFailed(logger, e, JobId, "slots");
        }
    }

    // A job that did not complete has no results to download.
    private void DeleteResults()
    {
        try
        {
            var directory = resources.Results.JobDirectory(JobId);
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException e)
        {
            LogPollFailed(logger, e, JobId, "results");
        }
    }

    private async Task RecordPeakAsync()
    {
        try
        {
            S.PeakConcurrentScans = await GrainFactory.GetGrain<IScanActivityGrain>(IScanActivityGrain.ClusterKey).TakeJobPeakAsync(JobId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogPollFailed(logger, e, JobId, "its scan peak");
        }
    }

    private INightShardGrain Shard(string night) => GrainFactory.GetGrain<INightShardGrain>(NightShardWork.Key(JobId, night));

    private int ShardsDone() => S.Shards.Values.Count(s => s.Status == ShardRecordStatus.Done);

    private void Log(string message) => JobLog.Append(S.Log, time.GetUtcNow(), message);

    private JobStatus Status()
    {
        long alerts = 0, matches = 0;
        foreach (var (night, record) in S.Shards)
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
        return new JobStatus(JobId, JobId, S.Status, S.SubmittedAt, S.StartedAt, S.FinishedAt, S.Shards.Count, ShardsDone(), alerts, matches, S.Error,
            S.PeakConcurrentScans);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed")]
    private static partial void LogJobFailed(ILogger logger, Exception error, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: call about {What} failed; retrying on the next tick")]
    private static partial void LogPollFailed(ILogger logger, Exception error, string jobId, string what);
}
