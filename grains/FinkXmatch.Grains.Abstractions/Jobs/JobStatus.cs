namespace FinkXmatch.Grains.Jobs;

/// <summary>CONTRACT §2 <c>JobStatus</c>. Add members, never rename them.</summary>
[GenerateSerializer, Immutable]
public sealed record JobStatus(
    [property: Id(0)] string JobId,
    [property: Id(1)] string Topic,
    [property: Id(2)] string Status,
    [property: Id(3)] DateTimeOffset SubmittedAt,
    [property: Id(4)] DateTimeOffset? StartedAt,
    [property: Id(5)] DateTimeOffset? FinishedAt,
    [property: Id(6)] int ShardsTotal,
    [property: Id(7)] int ShardsDone,
    [property: Id(8)] long AlertsScanned,
    [property: Id(9)] long Matches,
    [property: Id(10)] string? Error);

/// <summary>The values of <see cref="JobStatus.Status"/>.</summary>
public static class JobStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";

    /// <summary>True once the job will not change any more.</summary>
    public static bool IsFinished(string status) => status is Completed or Failed or Cancelled or Expired;
}
