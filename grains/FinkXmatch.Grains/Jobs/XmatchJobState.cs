namespace FinkXmatch.Grains.Jobs;

/// <summary>The persisted state of an <see cref="XmatchJobGrain"/>; written before every step it acts on.</summary>
[GenerateSerializer]
public sealed class XmatchJobState
{
    [Id(0)] public XmatchJobRequest? Request { get; set; }
    /// <summary>Stored as its number; states stored before <see cref="JobPhase"/> hold the word, read back by name.</summary>
    [Id(1)] public JobPhase Status { get; set; }
    [Id(2)] public DateTimeOffset SubmittedAt { get; set; }
    [Id(3)] public DateTimeOffset? StartedAt { get; set; }
    [Id(4)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(5)] public string? Error { get; set; }

    /// <summary>Night (YYYY-MM-DD) → its scan, in the request's night order.</summary>
    [Id(6)] public Dictionary<string, ShardRecord> Shards { get; set; } = [];

    /// <summary>Time-stamped lines, capped at <see cref="JobLog.MaxLines"/>.</summary>
    [Id(7)] public List<string> Log { get; set; } = [];

    /// <summary>True once the Kafka topics exist and the schema is published.</summary>
    [Id(8)] public bool TopicsReady { get; set; }

    /// <summary>True once the finished job's expiry is in the retention register (then its resume reminder goes).</summary>
    [Id(9)] public bool ExpiryScheduled { get; set; }

    /// <summary>When expiry deleted the results and topics (status <c>expired</c>).</summary>
    [Id(10)] public DateTimeOffset? ExpiredAt { get; set; }

    /// <summary>The most night scans this job had running at once, from <see cref="IScanActivityGrain"/> when it finished.</summary>
    [Id(11)] public int? PeakConcurrentScans { get; set; }
}

/// <summary>Where one night of a job stands.</summary>
[GenerateSerializer]
public sealed class ShardRecord
{
    [Id(0)] public ShardRecordStatus Status { get; set; }
    [Id(1)] public long AlertsScanned { get; set; }
    [Id(2)] public long Matches { get; set; }
    [Id(3)] public int Failures { get; set; }
}

public enum ShardRecordStatus
{
    Pending,
    Running,
    Done,
}
