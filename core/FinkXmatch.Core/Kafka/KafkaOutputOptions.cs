namespace FinkXmatch.Core.Kafka;

/// <summary>Tunables of the Kafka result output (CONTRACT §4); the defaults are the contract's values.</summary>
public sealed record KafkaOutputOptions
{
    /// <summary>The defaults.</summary>
    public static KafkaOutputOptions Default { get; } = new();

    /// <summary>Partitions of a data topic (10, as Fink's Data Transfer).</summary>
    public int DataPartitions { get; init; } = 10;

    /// <summary>How long the broker keeps the topics (<c>retention.ms</c>; 7 days).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Messages written to <c>&lt;topic&gt;_schema</c> (1000, as Fink writes them).</summary>
    public int SchemaMessages { get; init; } = 1000;

    /// <summary>Attempts at a broker operation before giving up (the first try included).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Delay before the first retry; doubled at each next one.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Time limit of one broker call (metadata, init/commit of a transaction, flush).</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>transaction.timeout.ms</c>: a shard's transaction must commit within it, else the broker aborts it.
    /// Must not exceed the broker's <c>transaction.max.timeout.ms</c> (15 minutes by default).
    /// </summary>
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long reading the progress topic may wait for open transactions to end (a transaction holds back
    /// read_committed readers until it commits or aborts).
    /// </summary>
    public TimeSpan ProgressReadTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How the clients authenticate to the cluster (none by default; the embedded broker needs none).</summary>
    public KafkaSecurity Security { get; init; } = KafkaSecurity.None;

    /// <summary>Told about each failed attempt that will be retried (the service logs it); null to stay silent.</summary>
    public Action<KafkaRetryNotice>? OnRetry { get; init; }
}

/// <summary>A broker operation failed and will be tried again after <see cref="Delay"/>.</summary>
/// <param name="BootstrapServers">The broker asked.</param>
/// <param name="Operation">What was being done, e.g. <c>creating topic T</c>.</param>
/// <param name="FailedAttempt">The attempt that failed, from 1.</param>
/// <param name="MaxAttempts">Attempts allowed in all.</param>
/// <param name="Delay">The backoff before the next attempt.</param>
/// <param name="Reason">The broker client's error.</param>
public sealed record KafkaRetryNotice(string BootstrapServers, string Operation, int FailedAttempt, int MaxAttempts, TimeSpan Delay, string Reason);
