namespace FinkXmatch.Core.Kafka;

/// <summary>The broker could not do what was asked, after retries; the message is one line naming the broker.</summary>
public sealed class KafkaBrokerException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A topic that must exist does not (bad input rather than a broker failure).</summary>
public sealed class KafkaTopicNotFoundException(string topic, string bootstrapServers)
    : Exception($"topic {topic} not found on {bootstrapServers}")
{
    /// <summary>The missing topic.</summary>
    public string Topic { get; } = topic;

    /// <summary>The broker address asked.</summary>
    public string BootstrapServers { get; } = bootstrapServers;
}
