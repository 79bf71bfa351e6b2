using System.Text.Json.Serialization;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// Where a job is in its lifecycle: <see cref="JobStatus.Status"/> (CONTRACT §2, JSON as the lowercase words
/// <c>queued|running|completed|failed|cancelled|expired</c>) and the job grain's persisted state. The numbers are
/// what grain storage writes: keep them. States stored before this enum hold the words, which grain storage's JSON
/// reads back by name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobPhase>))]
public enum JobPhase
{
    [JsonStringEnumMemberName("queued")] Queued = 0,
    [JsonStringEnumMemberName("running")] Running = 1,
    [JsonStringEnumMemberName("completed")] Completed = 2,
    [JsonStringEnumMemberName("failed")] Failed = 3,
    [JsonStringEnumMemberName("cancelled")] Cancelled = 4,
    [JsonStringEnumMemberName("expired")] Expired = 5,
}

/// <summary>What a <see cref="JobPhase"/> means.</summary>
public static class JobPhases
{
    /// <summary>True once the job will not change any more (but for its expiry).</summary>
    public static bool IsFinished(this JobPhase phase) => phase is JobPhase.Completed or JobPhase.Failed or JobPhase.Cancelled or JobPhase.Expired;

    /// <summary>The contract's word, as the JSON and the job log write it.</summary>
    public static string Word(this JobPhase phase) => phase.ToString().ToLowerInvariant();
}
