using Orleans.Concurrency;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// One crossmatch job, keyed by its job id, which is also its Kafka topic (<c>fxmatch_ztf_YYYY-MM-DD_n</c>). It owns
/// the lifecycle queued → running → completed | failed | cancelled → expired, scans its nights through
/// <see cref="INightShardGrain"/>s within its core quota and the cluster's shard slots, and keeps a log.
/// </summary>
[Alias("FinkXmatch.IXmatchJobGrain")]
public interface IXmatchJobGrain : IGrainWithStringKey
{
    /// <summary>Accepts the job (queued) and starts driving it. Submitting again returns the existing status.</summary>
    [Alias("Submit")]
    Task<JobStatus> SubmitAsync(XmatchJobRequest request);

    /// <summary>The job's status with live counters, or null when no job has this id.</summary>
    [Alias("GetStatus"), AlwaysInterleave]
    Task<JobStatus?> GetStatusAsync();

    /// <summary>The log lines, <c>YYYY-MM-DDTHH:MM:SSZ message</c>, oldest first; null when no job has this id.</summary>
    [Alias("GetLog"), AlwaysInterleave]
    Task<string[]?> GetLogAsync();

    /// <summary>The submitted request (nights included), or null when no job has this id.</summary>
    [Alias("GetRequest"), AlwaysInterleave]
    Task<XmatchJobRequest?> GetRequestAsync();

    /// <summary>
    /// A night's scan tells its job that it ended (completed, failed or stopped): the job records it and starts the
    /// next nights at once. Reports of scans the job no longer waits for are ignored.
    /// </summary>
    [Alias("ShardFinished")]
    Task ShardFinishedAsync(string night, ShardProgress progress);

    /// <summary>Cancels a job not yet finished, stopping its scans; see <see cref="CancelResult"/>.</summary>
    [Alias("Cancel")]
    Task<CancelResult> CancelAsync();

    /// <summary>
    /// Deletes a finished job's result files and Kafka topics and marks it <c>expired</c> (called by the retention
    /// register once <c>ResultRetention</c> has passed). Repeating it is harmless; an unfinished job is left alone.
    /// Throws when something could not be deleted, so that the register tries again.
    /// </summary>
    [Alias("Expire")]
    Task ExpireAsync();
}

/// <summary>What a cancel did: <see cref="Accepted"/> false when the job had already finished (or does not exist: null status).</summary>
[GenerateSerializer, Immutable]
public sealed record CancelResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] JobStatus? Status);
