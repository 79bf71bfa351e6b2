using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// Saving the job's state, and riding out a grain storage outage (PostgreSQL restarted): the job carries on in memory
/// (its scans and Kafka need no database) and saves again on each tick until the storage takes it. If the storage
/// holds a newer copy than this activation (a write went through but its answer was lost), the activation ends and
/// the next one resumes from the stored state; Kafka keeps every night exactly once either way.
/// </summary>
public sealed partial class XmatchJobGrain
{
    private async Task PersistAsync()
    {
        using var span = JobActivities.Start(JobActivities.Persist, JobId);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new JobStateNotSavedException(e);
        }
    }

    private void CarryOnUnsaved(JobStateNotSavedException e)
    {
        LogStateNotSaved(logger, e.InnerException, JobId);
        // The storage provider puts a stack trace in its message; the root cause is the line an operator needs.
        if (!_unsaved) Log($"grain storage did not save the job's state ({e.InnerException?.GetBaseException().Message}); carrying on, saving again every tick");
        _unsaved = true;
        if (e.InnerException is InconsistentStateException) DeactivateOnIdle();
    }

    // The state saved at last: what the failed save skipped for a finished job (freeing slots, scheduling expiry) is done now.
    private async Task SaveAgainAsync()
    {
        await PersistAsync();
        _unsaved = false;
        // Saved with the job's next change.
        Log("grain storage is back: job state saved");
        if (!S.Status.IsFinished()) return;
        await ReleaseSlotsAsync();
        if (!S.ExpiryScheduled) await ScheduleExpiryAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: grain storage did not save the state; carrying on in memory, saving again on the next tick")]
    private static partial void LogStateNotSaved(ILogger logger, Exception? error, string jobId);
}

/// <summary>The job's state could not be written to grain storage; <see cref="Exception.InnerException"/> says why.</summary>
public sealed class JobStateNotSavedException(Exception inner) : Exception($"job state not saved: {inner.Message}", inner);
