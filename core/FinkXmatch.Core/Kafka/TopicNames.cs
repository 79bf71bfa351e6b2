namespace FinkXmatch.Core.Kafka;

/// <summary>The companion topics of a data topic and Kafka's rules for topic names.</summary>
public static class TopicNames
{
    /// <summary>Kafka's limit on a topic name's length.</summary>
    public const int MaxLength = 249;

    /// <summary><c>&lt;topic&gt;_schema</c>: where the data schema is published (CONTRACT §4).</summary>
    public static string Schema(string topic) => topic + "_schema";

    /// <summary>The prefix of this project's internal topics, which are not the user's to read.</summary>
    public const string InternalPrefix = "__finkxmatch_";

    /// <summary>
    /// A topic every embedded broker has, so that a client that knows only the address (another silo, the CLI with
    /// <c>--kafka HOST:PORT</c> on a <c>kafka serve</c> broker) can tell it talks to librdkafka's mock.
    /// </summary>
    public const string EmbeddedBrokerMarker = InternalPrefix + "embedded_broker";

    /// <summary>
    /// <c>__finkxmatch_progress_&lt;topic&gt;</c>: one committed record per finished shard (this project's
    /// bookkeeping), named apart so that a user listing their own topics (<c>fxmatch_*</c>) does not see it.
    /// </summary>
    public static string Progress(string topic) => InternalPrefix + "progress_" + topic;

    /// <summary>
    /// <c>&lt;topic&gt;_progress</c>: where versions before issue 24 kept the bookkeeping. Still read (a job resumed
    /// after the upgrade, a CLI rerun with the same --topic find their committed shards there) and deleted on expiry.
    /// </summary>
    public static string LegacyProgress(string topic) => topic + "_progress";

    /// <summary>Whether <paramref name="topic"/> can be a job's data topic: it and every companion topic are valid names.</summary>
    public static bool IsValidDataTopic(string? topic) =>
        IsValid(topic) && IsValid(Schema(topic!)) && IsValid(Progress(topic!)) && IsValid(LegacyProgress(topic!));

    /// <summary>Whether Kafka accepts <paramref name="topic"/>: 1 to 249 of <c>[a-zA-Z0-9._-]</c>, not "." or "..".</summary>
    public static bool IsValid(string? topic) =>
        !string.IsNullOrEmpty(topic) && topic.Length <= MaxLength && topic is not ("." or "..")
        && topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Throws unless <see cref="IsValid"/>.</summary>
    /// <exception cref="ArgumentException">with a one-line reason.</exception>
    public static void Validate(string topic)
    {
        if (!IsValid(topic))
            throw new ArgumentException($"'{topic}' is not a Kafka topic name (1 to {MaxLength} of letters, digits, '.', '_', '-')", nameof(topic));
    }

    /// <summary>Throws unless <see cref="IsValidDataTopic"/>.</summary>
    /// <exception cref="ArgumentException">with a one-line reason.</exception>
    public static void ValidateDataTopic(string topic)
    {
        Validate(topic);
        if (!IsValidDataTopic(topic))
            throw new ArgumentException(
                $"'{topic}' is too long for a job's topic: its companion {Progress(topic)} must fit Kafka's {MaxLength} characters", nameof(topic));
    }
}
