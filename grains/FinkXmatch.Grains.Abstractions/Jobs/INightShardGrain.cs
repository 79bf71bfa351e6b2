using Orleans.Concurrency;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// The scan of one night of one job, keyed <c>{jobId}/{YYYY-MM-DD}</c>. <see cref="StartAsync"/> returns at once;
/// the shard tells its job grain when the scan ends (<see cref="IXmatchJobGrain.ShardFinishedAsync"/>). A shard publishes its matches to Kafka in one transaction
/// (exactly once) and writes them as <c>results/{jobId}/{night}.parquet</c>.
/// </summary>
[Alias("FinkXmatch.INightShardGrain")]
public interface INightShardGrain : IGrainWithStringKey
{
    /// <summary>Starts the scan unless it is running or done (then it only answers its progress).</summary>
    [Alias("Start")]
    Task<ShardProgress> StartAsync(NightShardWork work);

    /// <summary>Where the scan is; <see cref="ShardRunState.Idle"/> when this activation never started it.</summary>
    [Alias("GetProgress"), AlwaysInterleave]
    Task<ShardProgress> GetProgressAsync();

    /// <summary>Stops a running scan (waiting a few seconds for it); it leaves no part file behind.</summary>
    [Alias("Cancel"), AlwaysInterleave]
    Task<ShardProgress> CancelAsync();
}

/// <summary>What a shard grain scans: one night of a job.</summary>
[GenerateSerializer, Immutable]
public sealed record NightShardWork(
    [property: Id(0)] string JobId,
    [property: Id(1)] string Night,
    [property: Id(2)] XmatchJobRequest Request)
{
    /// <summary>The grain key of a night of a job.</summary>
    public static string Key(string jobId, string night) => $"{jobId}/{night}";
}

/// <summary>The state of a shard scan.</summary>
public enum ShardRunState
{
    Idle,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>
/// A shard scan's state and counters (so far while running). <see cref="AlreadyPublished"/>: Kafka had it from an
/// earlier run. <see cref="Final"/>: a failure that retrying the night cannot mend now (the Kafka broker stayed
/// unreachable through its own retries), so the job fails at once rather than retrying the night. <see cref="ScanPath"/>:
/// how a completed scan read the night (the full scan, or through the sky index), as the job log says it.
/// <see cref="IndexNote"/>: how many sources the job's index on that silo kept, told by the silo's first scan of the job to complete.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ShardProgress(
    [property: Id(0)] ShardRunState State,
    [property: Id(1)] long AlertsScanned,
    [property: Id(2)] long Matches,
    [property: Id(3)] bool AlreadyPublished,
    [property: Id(4)] string? Error,
    [property: Id(5)] bool Final = false,
    [property: Id(6)] string? ScanPath = null,
    [property: Id(7)] string? IndexNote = null)
{
    public static ShardProgress Idle { get; } = new(ShardRunState.Idle, 0, 0, false, null);
}
