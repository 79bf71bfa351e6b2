using System.Globalization;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Grains.Expiry;
using FinkXmatch.Grains.Settings;
using FinkXmatch.Grains.Users;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// Drives one crossmatch job through its lifecycle (<see cref="JobPhase"/>). A grain timer ticks while the job is
/// queued or running: the first tick creates the Kafka topics (<see cref="JobOutputs"/>) and starts nights, up to
/// <see cref="JobOptions.CoresPerJob"/> at once within the slots the cluster's <see cref="IShardSlotGrain"/>
/// grants (<see cref="NightFanOut"/>); later ticks ask for slots still missing. Each night tells the job when its scan
/// ends (<see cref="ShardFinishedAsync"/>), and the job records it (<see cref="JobNights"/>) and starts the next night
/// at once; every <see cref="ShardCheckEveryTicks"/> ticks, and on the first tick of a resumed job, it asks its running
/// nights where they are, to notice one lost with its silo or one that ended while this job was down. No call waits
/// on a scan, so status, log and cancel answer at once. Every change is saved (<see cref="JobStateSaver"/>) before it
/// is acted on, and an activation of an unfinished job carries on from its state (resume after a restart).
/// While the job is unfinished a <see cref="WakeUpReminder"/> (<see cref="ResumeReminder"/>) is registered, so that
/// after a silo restart the job is activated, and resumes, without anyone calling it. Once finished, the job hands its
/// expiry (<see cref="RetentionOptions.ResultRetention"/> later) to the <see cref="IRetentionGrain"/> and drops
/// the reminder; <see cref="ExpireAsync"/> then deletes its results and topics and marks it expired.
/// </summary>
public sealed class XmatchJobGrain(
    [PersistentState("job", GrainStorage.Name)] IPersistentState<XmatchJobState> state,
    XmatchJobResources resources,
    TimeProvider time,
    ILogger<XmatchJobGrain> logger) : Grain, IXmatchJobGrain, IRemindable
{
    /// <summary>A night failing this many times fails the job.</summary>
    public const int MaxShardFailures = JobNights.MaxFailures;

    /// <summary>The reminder that keeps an unfinished job alive across silo restarts.</summary>
    public const string ResumeReminder = "resume";

    /// <summary>Every this many ticks a running job asks its running nights where they are (see <see cref="CheckScansAsync"/>).</summary>
    public const int ShardCheckEveryTicks = 10;

    private JobNights _nights = null!;
    private NightFanOut _fanOut = null!;
    private JobOutputs _outputs = null!;
    private JobStateSaver _saver = null!;
    private IGrainTimer? _timer;
    // Zero at activation, so that the first tick of a resumed job asks its nights at once.
    private int _ticksSinceCheck;
    private bool _resumeReminderSet;

    private string JobId => this.GetPrimaryKeyString();

    private XmatchJobState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _nights = new JobNights(() => S.Shards);
        _fanOut = new NightFanOut(GrainFactory, JobId, logger);
        _outputs = new JobOutputs(resources, JobId);
        _saver = new JobStateSaver(state, JobId, logger);
        if (S.Request is not null && !S.Status.IsFinished())
        {
            // An unfinished job activated again: its silo died or the cluster restarted. Operators see it in the log.
            if (S.Status == JobPhase.Running)
                Log($"resumed on {RuntimeIdentity}: {_nights.Done} of {_nights.Count} nights recorded, {_nights.Running().Length} scans to look up");
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
        S.Status = JobPhase.Queued;
        S.SubmittedAt = time.GetUtcNow();
        S.Shards = JobNights.Initial(request.Nights);
        Log(string.Create(CultureInfo.InvariantCulture,
            $"submitted: catalog {request.CatalogId} ({request.RaColumn}, {request.DecColumn}, id {request.IdColumn ?? "row number"}), radius {request.RadiusArcsec} arcsec, match {RequestWords.Name(request.Match)}, {request.Nights.Length} nights {request.Nights[0]}..{request.Nights[^1]}"));
        await _saver.SaveAsync();
        StartTicking();
        return Status();
    }

    public async Task<JobStatus?> GetStatusAsync()
    {
        if (S.Request is null) return null;
        // The running nights' counters so far (they report only when they end); a night that did not answer counts as before.
        if (S.Status == JobPhase.Running)
        {
            foreach (var (night, progress) in await _fanOut.AskAsync(_nights.Running()))
            {
                if (progress is not null) _nights.Progressed(night, progress);
            }
        }
        return Status();
    }

    public Task<string[]?> GetLogAsync() => Task.FromResult(S.Request is null ? null : S.Log.ToArray());

    public Task<XmatchJobRequest?> GetRequestAsync() => Task.FromResult(S.Request);

    public async Task<CancelResult> CancelAsync()
    {
        if (S.Request is null) return new CancelResult(false, null);
        if (S.Status.IsFinished()) return new CancelResult(false, Status());

        S.Status = JobPhase.Cancelled;
        S.FinishedAt = time.GetUtcNow();
        Log("cancel requested: stopping the scans");
        await _saver.SaveAsync();
        StopTicking();
        var stopped = await StopScansAsync();
        await RecordPeakAsync();
        await DeleteNightPartsAsync();
        Log($"cancelled ({stopped} scans stopped, {_nights.Done} of {_nights.Count} nights had finished)");
        await _saver.SaveAsync();
        await ScheduleExpiryAsync();
        return new CancelResult(true, Status());
    }

    public Task ShardFinishedAsync(string night, ShardProgress progress) => StepAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(progress);
        // A report from a scan this job no longer waits for (stopped, restarted, or the job ended) changes nothing.
        if (S.Status != JobPhase.Running || !_nights.IsRunning(night)) return;
        await RecordScansAsync([(night, progress)]);
        // The finished scan's slot is free now: start the next night at once rather than on the next tick.
        if (S.Status == JobPhase.Running) await TopUpAsync();
    });

    public async Task ExpireAsync()
    {
        // Unknown, already expired, or not finished (it schedules its own expiry when it finishes): nothing to do.
        if (S.Request is null || S.Status == JobPhase.Expired || !S.Status.IsFinished()) return;
        await ReleaseAdmissionAsync();
        await _outputs.DeleteAllAsync();
        // Before the expiry is saved: if the call fails, the register expires the job again and it is retried.
        if (S.Request.Owner is { } owner && S.Request.OwnerHasQuota) await GrainFactory.GetGrain<IUserQuotaGrain>(owner).ReleaseAsync(JobId);
        var was = S.Status;
        S.Status = JobPhase.Expired;
        S.ExpiredAt = time.GetUtcNow();
        Log(string.Create(CultureInfo.InvariantCulture,
            $"expired ({was.Word()} {(S.ExpiredAt.Value - S.FinishedAt.GetValueOrDefault(S.SubmittedAt)).TotalDays:F1} days ago): results and Kafka topics {string.Join(", ", ResultTopics.All(JobId))} deleted"));
        await _saver.SaveAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Being activated is the point: OnActivateAsync restarted the timer of an unfinished job.
        if (S.Request is null) await WakeUpReminder.RemoveAsync(this, ResumeReminder);
        else if (!S.Status.IsFinished()) StartTicking();
        else if (!S.ExpiryScheduled) await ScheduleExpiryAsync();
        else await WakeUpReminder.RemoveAsync(this, ResumeReminder);
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
        if (_saver.Unsaved) await SaveAgainAsync();
        if (S.Status == JobPhase.Queued) await StartRunningAsync();
        if (S.Status == JobPhase.Running && !S.TopicsReady) await PrepareTopicsAsync();
        // The shards report when they end; asking them is only for those lost with a silo (or this job's own lost activation).
        if (S.Status == JobPhase.Running && (_ticksSinceCheck++ % ShardCheckEveryTicks == 0)) await CheckScansAsync();
        if (S.Status == JobPhase.Running) await TopUpAsync();
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
                JobGrainLogging.JobFailed(logger, e, JobId);
                await FailAsync(e.Message);
            }
        }
        catch (JobStateNotSavedException e)
        {
            var (line, deactivate) = _saver.NotSaved(e);
            if (line is not null) Log(line);
            if (deactivate) DeactivateOnIdle();
        }
        // A finished job whose last state is not saved yet keeps ticking to save it.
        if (S.Status.IsFinished() && !_saver.Unsaved) StopTicking();
    }

    // The state saved at last: what the failed save skipped for a finished job (freeing slots, scheduling expiry) is done now.
    private async Task SaveAgainAsync()
    {
        await _saver.SaveAgainAsync();
        // Saved with the job's next change.
        Log("grain storage is back: job state saved");
        if (!S.Status.IsFinished()) return;
        await _fanOut.ReleaseSlotsAsync();
        if (!S.ExpiryScheduled) await ScheduleExpiryAsync();
    }

    private async Task StartRunningAsync()
    {
        S.Status = JobPhase.Running;
        S.StartedAt = time.GetUtcNow();
        Log("running");
        await _saver.SaveAsync();
    }

    private async Task PrepareTopicsAsync()
    {
        using var span = JobActivities.Start(JobActivities.PrepareTopics, JobId);
        var plan = await _outputs.PrepareTopicsAsync(S.Request!, S.SubmittedAt);
        S.TopicsReady = true;
        Log($"Kafka topic {JobId} ready (10 partitions, schema in {TopicNames.Schema(JobId)}); columns {string.Join(", ", plan.Result.ColumnNames)}");
        // Nights written under older or newer schemas lack some fields: their rows hold null there.
        foreach (var note in plan.MissingFieldNotes) Log(note);
        await _saver.SaveAsync();
    }

    // Asks every running night where it is: after this job's activation was lost (the nights that ended meanwhile could
    // not report to it) and, every few ticks, to notice a night whose activation was lost with its silo.
    private async Task CheckScansAsync()
    {
        var answers = await _fanOut.AskAsync(_nights.Running());
        // A failed call is asked again at the next check.
        await RecordScansAsync(answers.Where(a => a.Progress is not null).Select(a => (a.Night, a.Progress!)).ToArray());
    }

    private async Task RecordScansAsync(IReadOnlyList<(string Night, ShardProgress Progress)> scans)
    {
        var changed = false;
        foreach (var (night, progress) in scans)
        {
            var change = _nights.Record(night, progress);
            if (change.JobError is { } error)
            {
                await FailAsync(error);
                return;
            }
            if (change.LogLine is { } line)
            {
                if (progress.IndexNote is { } note) Log(note);
                Log(line);
            }
            changed |= change.Changed;
        }
        if (_nights.AllDone)
        {
            await CompleteAsync();
            return;
        }
        if (changed) await _saver.SaveAsync();
    }

    private async Task TopUpAsync()
    {
        var running = _nights.Running().Length;
        var pending = _nights.Pending();
        var wanted = Math.Min(Math.Max(0, resources.Jobs.CoresPerJob - running), pending.Length);
        var granted = await _fanOut.AcquireSlotsAsync(running, wanted);
        if (granted <= 0) return;

        var starting = pending.Take(granted).ToArray();
        _nights.Starting(starting);
        await _saver.SaveAsync();
        foreach (var (night, started) in await _fanOut.StartAsync(starting, S.Request!))
        {
            // Not started: back to pending; the slot is returned with the next tick's count.
            if (started is null) _nights.NotStarted(night);
            else _nights.Started(night, started);
        }
    }

    private async Task CompleteAsync()
    {
        await RecordPeakAsync();
        S.Status = JobPhase.Completed;
        S.FinishedAt = time.GetUtcNow();
        var elapsed = S.FinishedAt.Value - (S.StartedAt ?? S.SubmittedAt);
        var (alerts, matches) = _nights.Counters();
        Log(string.Create(CultureInfo.InvariantCulture,
            $"completed: {_nights.Count} nights, {alerts:N0} alerts, {matches:N0} matches in {elapsed.TotalSeconds:F1} s, at most {S.PeakConcurrentScans?.ToString(CultureInfo.InvariantCulture) ?? "?"} nights scanned at once"));
        await _saver.SaveAsync();
        await _fanOut.ReleaseSlotsAsync();
        await ScheduleExpiryAsync();
    }

    private async Task FailAsync(string error)
    {
        if (S.Status.IsFinished()) return;
        S.Status = JobPhase.Failed;
        S.Error = error;
        S.FinishedAt = time.GetUtcNow();
        Log($"failed: {error}");
        await _saver.SaveAsync();
        await StopScansAsync();
        await RecordPeakAsync();
        await DeleteNightPartsAsync();
        await ScheduleExpiryAsync();
    }

    // Cancels the running scans (each waits a few seconds for its scan to stop) and frees the job's slots.
    private async Task<int> StopScansAsync()
    {
        var running = _nights.Running();
        await _fanOut.StopAsync(running);
        _nights.Stopped(running);
        await _fanOut.ReleaseSlotsAsync();
        return running.Length;
    }

    private async Task RecordPeakAsync()
    {
        if (await _fanOut.TakePeakAsync() is { } peak) S.PeakConcurrentScans = peak;
    }

    // A job that did not complete has no results to download.
    private async Task DeleteNightPartsAsync()
    {
        try
        {
            await _outputs.DeleteNightPartsAsync();
        }
        catch (IOException e)
        {
            JobGrainLogging.CallFailed(logger, e, JobId, "results");
        }
    }

    // Registered on the first tick of every activation of an unfinished job; a failure is retried on the next tick.
    private async Task EnsureResumeReminderAsync()
    {
        if (_resumeReminderSet || S.Status.IsFinished()) return;
        try
        {
            await WakeUpReminder.EnsureAsync(this, ResumeReminder);
            _resumeReminderSet = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            JobGrainLogging.CallFailed(logger, e, JobId, "its resume reminder");
        }
    }

    // A finished job no longer counts against the admission limits, records its results against its owner's quota,
    // hands its expiry to the register, then needs no reminder. If a call fails, the reminder stays and its next tick
    // (ReceiveReminder) tries again.
    private async Task ScheduleExpiryAsync()
    {
        try
        {
            await ReleaseAdmissionAsync();
            var expiresAt = S.FinishedAt.GetValueOrDefault(time.GetUtcNow()) + resources.Retention.ResultRetention;
            await RecordResultBytesAsync(expiresAt);
            await GrainFactory.GetGrain<IRetentionGrain>(IRetentionGrain.ClusterKey).ScheduleAsync(new RetentionItem(RetentionKind.Job, JobId, expiresAt));
            S.ExpiryScheduled = true;
            await _saver.SaveAsync();
            await WakeUpReminder.RemoveAsync(this, ResumeReminder);
            _resumeReminderSet = false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            JobGrainLogging.CallFailed(logger, e, JobId, "its expiry");
        }
    }

    // The results are written already, so this only counts them: the owner's next upload or submission may be refused.
    private async Task RecordResultBytesAsync(DateTimeOffset expiresAt)
    {
        if (S.Status != JobPhase.Completed || S.Request is not { Owner: { } owner, OwnerHasQuota: true }) return;
        var bytes = await _outputs.ResultBytesAsync();
        await GrainFactory.GetGrain<IUserQuotaGrain>(owner).RecordResultsAsync(JobId, bytes, expiresAt);
    }

    private Task ReleaseAdmissionAsync() => GrainFactory.GetGrain<IJobAdmissionGrain>(IJobAdmissionGrain.ClusterKey).ReleaseAsync(JobId);

    private void Log(string message) => JobLog.Append(S.Log, time.GetUtcNow(), message);

    private JobStatus Status()
    {
        var (alerts, matches) = _nights.Counters();
        return new JobStatus(JobId, JobId, S.Status, S.SubmittedAt, S.StartedAt, S.FinishedAt, _nights.Count, _nights.Done, alerts, matches, S.Error,
            S.PeakConcurrentScans);
    }
}
