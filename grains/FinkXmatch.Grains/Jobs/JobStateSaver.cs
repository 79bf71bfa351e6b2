using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// Saving a job's state, and riding out a grain storage outage (PostgreSQL restarted): the job carries on in memory
/// (its scans and Kafka need no database) and saves again on each tick until the storage takes it. If the storage
/// holds a newer copy than this activation (a write went through but its answer was lost), the activation is to end
/// and the next one resumes from the stored state; Kafka keeps every night exactly once either way.
/// </summary>
internal sealed class JobStateSaver(IPersistentState<XmatchJobState> state, string jobId, ILogger logger)
{
    /// <summary>A save failed and none has succeeded since.</summary>
    public bool Unsaved { get; private set; }

    /// <exception cref="JobStateNotSavedException">The storage refused it.</exception>
    public async Task SaveAsync()
    {
        using var span = JobActivities.Start(JobActivities.Persist, jobId);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new JobStateNotSavedException(e);
        }
    }

    /// <summary>Saves a state the storage refused earlier.</summary>
    /// <exception cref="JobStateNotSavedException">The storage refuses it still.</exception>
    public async Task SaveAgainAsync()
    {
        await SaveAsync();
        Unsaved = false;
    }

    /// <summary>
    /// Notes that a save failed: the line for the job log when the outage begins (null while it lasts), and whether
    /// this activation must end (the storage holds a newer copy).
    /// </summary>
    public (string? LogLine, bool Deactivate) NotSaved(JobStateNotSavedException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        JobGrainLogging.StateNotSaved(logger, e.InnerException, jobId);
        // The storage provider puts a stack trace in its message; the root cause is the line an operator needs.
        var line = Unsaved ? null : $"grain storage did not save the job's state ({e.InnerException?.GetBaseException().Message}); carrying on, saving again every tick";
        Unsaved = true;
        return (line, e.InnerException is InconsistentStateException);
    }
}
