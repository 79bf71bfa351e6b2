namespace FinkXmatch.Grains;

/// <summary>The Kafka cluster in use: the embedded broker's address or the configured bootstrap list.</summary>
public sealed record KafkaEndpoint(string BootstrapServers, bool Embedded);
