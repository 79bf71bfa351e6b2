using System.Diagnostics;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// The phases of a job as <see cref="Activity"/> spans (source <see cref="SourceName"/>), for tracing and for the
/// small-job benchmark's breakdown (<c>bench/run.sh smalljob</c>). Without a listener they cost nothing.
/// </summary>
public static class JobActivities
{
    public const string SourceName = "FinkXmatch.Jobs";

    /// <summary>The job grain creating the Kafka topics and publishing the schema.</summary>
    public const string PrepareTopics = "job.prepare-topics";

    /// <summary>A night shard getting its plan, catalog and index (cached per silo after the first).</summary>
    public const string ShardInputs = "shard.inputs";

    /// <summary>A night shard scanning its night.</summary>
    public const string ShardScan = "shard.scan";

    /// <summary>A night shard writing its Parquet part.</summary>
    public const string ShardParquet = "shard.parquet";

    /// <summary>A night shard publishing its matches in one Kafka transaction.</summary>
    public const string ShardKafka = "shard.kafka";

    /// <summary>The job grain saving its state.</summary>
    public const string Persist = "job.persist";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>A span named <paramref name="name"/>, or null when nobody listens.</summary>
    public static Activity? Start(string name, string jobId)
    {
        var activity = Source.StartActivity(name);
        activity?.SetTag("job", jobId);
        return activity;
    }
}
