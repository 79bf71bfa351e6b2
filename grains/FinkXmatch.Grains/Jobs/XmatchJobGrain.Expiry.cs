using System.Globalization;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Grains.Expiry;

namespace FinkXmatch.Grains.Jobs;

/// <summary>The job's resume reminder while unfinished, and its expiry once finished.</summary>
public sealed partial class XmatchJobGrain
{
    public async Task ExpireAsync()
    {
        // Unknown, already expired, or not finished (it schedules its own expiry when it finishes): nothing to do.
        if (S.Request is null || S.Status == JobStatuses.Expired || !JobStatuses.IsFinished(S.Status)) return;
        await ReleaseAdmissionAsync();
        resources.Results.DeleteAll(JobId);
        // Also for a failed or cancelled job, which may have published some nights; missing topics are fine.
        // Off the grain's scheduler: the Kafka client blocks its thread while the broker does not answer.
        var jobId = JobId;
        await Task.Run(() => ResultTopics.DeleteAsync(resources.Kafka, jobId, resources.KafkaOutput));
        var was = S.Status;
        S.Status = JobStatuses.Expired;
        S.ExpiredAt = time.GetUtcNow();
        Log(string.Create(CultureInfo.InvariantCulture,
            $"expired ({was} {(S.ExpiredAt.Value - S.FinishedAt.GetValueOrDefault(S.SubmittedAt)).TotalDays:F1} days ago): results and Kafka topics {string.Join(", ", ResultTopics.All(JobId))} deleted"));
        await PersistAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Being activated is the point: OnActivateAsync restarted the timer of an unfinished job.
        if (S.Request is null) await WakeUpReminder.RemoveAsync(this, ResumeReminder);
        else if (!JobStatuses.IsFinished(S.Status)) StartTicking();
        else if (!S.ExpiryScheduled) await ScheduleExpiryAsync();
        else await WakeUpReminder.RemoveAsync(this, ResumeReminder);
    }

    // Registered on the first tick of every activation of an unfinished job; a failure is retried on the next tick.
    private async Task EnsureResumeReminderAsync()
    {
        if (_resumeReminderSet || JobStatuses.IsFinished(S.Status)) return;
        try
        {
            await WakeUpReminder.EnsureAsync(this, ResumeReminder);
            _resumeReminderSet = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogPollFailed(logger, e, JobId, "its resume reminder");
        }
    }

    // A finished job no longer counts against the admission limits, hands its expiry to the register, then needs no
    // reminder. If a call fails, the reminder stays and its next tick (ReceiveReminder) tries again.
    private async Task ScheduleExpiryAsync()
    {
        try
        {
            await ReleaseAdmissionAsync();
            var expiresAt = S.FinishedAt.GetValueOrDefault(time.GetUtcNow()) + resources.Retention.ResultRetention;
            await GrainFactory.GetGrain<IRetentionGrain>(IRetentionGrain.ClusterKey).ScheduleAsync(new RetentionItem(RetentionKind.Job, JobId, expiresAt));
            S.ExpiryScheduled = true;
            await PersistAsync();
            await WakeUpReminder.RemoveAsync(this, ResumeReminder);
            _resumeReminderSet = false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogPollFailed(logger, e, JobId, "its expiry");
        }
    }

    private Task ReleaseAdmissionAsync() => GrainFactory.GetGrain<IJobAdmissionGrain>(IJobAdmissionGrain.ClusterKey).ReleaseAsync(JobId);
}
