using FinkXmatch.Core.Kafka;
namespace FinkXmatch.Core.Transfer;

/// <summary>What <see cref="TopicTransfer"/> reads and where it writes.</summary>
public sealed record TopicTransferOptions
{
    /// <summary>HOST:PORT,... of the cluster.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>The data topic; its schema is read from <c>&lt;topic&gt;_schema</c>.</summary>
    public required string Topic { get; init; }

    /// <summary>The directory that receives <c>part-NNNNN.parquet</c> files (created if missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>
    /// Consumer group: with one, a later run goes on where this one stopped (offsets are committed after each file);
    /// without, every run reads the topic from the beginning.
    /// </summary>
    public string? GroupId { get; init; }

    /// <summary>Stop after this many messages (null: until the topic is drained).</summary>
    public long? Limit { get; init; }

    /// <summary>Rows per Parquet file at most.</summary>
    public int RowsPerFile { get; init; } = 100_000;

    /// <summary>Avro bytes buffered per Parquet file at most (rows with cutouts are large).</summary>
    public long BytesPerFile { get; init; } = 256L << 20;

    /// <summary>Retries and time limits of the broker calls.</summary>
    public KafkaOutputOptions Kafka { get; init; } = KafkaOutputOptions.Default;
}

/// <summary>Progress of a transfer.</summary>
/// <param name="Messages">Messages read so far.</param>
/// <param name="Expected">Messages to read, estimated from the partitions' offsets (an upper bound: transaction markers count).</param>
/// <param name="Files">Parquet files written so far.</param>
public readonly record struct TransferProgress(long Messages, long Expected, int Files);

/// <summary>What a transfer did.</summary>
/// <param name="Messages">Messages (rows) written.</param>
/// <param name="Files">The Parquet files written, in order.</param>
public sealed record TransferResult(long Messages, IReadOnlyList<string> Files);
