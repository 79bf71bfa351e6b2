namespace FinkXmatch.Grains.Settings;

/// <summary>
/// The Kafka broker results are published to, and the retry budget of each Kafka operation (<c>FinkXmatch:Kafka</c>,
/// <c>--kafka</c>, <c>FinkXmatch:KafkaMaxAttempts</c>, ...). How to authenticate to it is the <c>KafkaSecurity</c> section.
/// </summary>
public sealed class KafkaOptions
{
    public const string Embedded = "embedded";

    /// <summary><c>embedded</c> for the in-process broker, or a <c>HOST:PORT,...</c> bootstrap list.</summary>
    public string Kafka { get; set; } = Embedded;

    /// <summary>Attempts at each Kafka operation (create topics, produce a night) before the job fails, the first included.</summary>
    public int KafkaMaxAttempts { get; set; } = 5;

    /// <summary>Backoff before the second attempt at a Kafka operation; doubled (with jitter) before each next one.</summary>
    public TimeSpan KafkaFirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Time limit of one Kafka call (metadata, transaction init/commit, flush) within an attempt.</summary>
    public TimeSpan KafkaOperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether <see cref="Kafka"/> names the in-process broker.</summary>
    public bool IsEmbedded => string.Equals(Kafka, Embedded, StringComparison.OrdinalIgnoreCase);
}
