namespace FinkXmatch.Core.Kafka;

/// <summary>The companion topics of a data topic and Kafka's rules for topic names.</summary>
public static class TopicNames
{
    /// <summary>Kafka's limit on a topic name's length.</summary>
    public const int MaxLength = 249;

    /// <summary><c>&lt;topic&gt;_schema</c>: where the data schema is published (CONTRACT §4).</summary>
    public static string Schema(string topic) => topic + "_schema";

    /// <summary><c>&lt;topic&gt;_progress</c>: one committed record per finished shard (this project's bookkeeping).</summary>
    public static string Progress(string topic) => topic + "_progress";

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
}
