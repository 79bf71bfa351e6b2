namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// CONTRACT §2 <c>JobStatus</c>. Add members, never rename them. Added: <see cref="PeakConcurrentScans"/>, the most night
/// scans the job had running at once (recorded by <see cref="IScanActivityGrain"/>), set when the job finishes.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobStatus(
    [property: Id(0)] string JobId,
    [property: Id(1)] string Topic,
    [property: Id(2)] JobPhase Status,
    [property: Id(3)] DateTimeOffset SubmittedAt,
    [property: Id(4)] DateTimeOffset? StartedAt,
    [property: Id(5)] DateTimeOffset? FinishedAt,
    [property: Id(6)] int ShardsTotal,
    [property: Id(7)] int ShardsDone,
    [property: Id(8)] long AlertsScanned,
    [property: Id(9)] long Matches,
    [property: Id(10)] string? Error,
    [property: Id(11)] int? PeakConcurrentScans = null);
