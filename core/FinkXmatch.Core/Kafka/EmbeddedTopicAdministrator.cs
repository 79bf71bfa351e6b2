using Confluent.Kafka;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// Topics on the <see cref="EmbeddedKafkaBroker"/>. The mock cluster answers neither CreateTopics nor DeleteTopics nor
/// topic configs: topics are made with its own call, <c>retention.ms</c> is not applied (the mock keeps everything in
/// memory until the process ends, which is shorter than 7 days), and deletion is a no-op for the same reason.
/// </summary>
public sealed class EmbeddedTopicAdministrator : ITopicAdministrator
{
    private readonly EmbeddedKafkaBroker _broker;
    private readonly KafkaOutputOptions _options;
    private readonly IAdminClient _admin;

    /// <summary>An administrator for <paramref name="broker"/>.</summary>
    public EmbeddedTopicAdministrator(EmbeddedKafkaBroker broker, KafkaOutputOptions options)
    {
        _broker = broker;
        _options = options;
        _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers })
            .SetLogHandler((_, _) => { })
            .Build();
    }

    /// <inheritdoc/>
    public Task CreateTopicAsync(string topic, int partitions, TimeSpan retention, CancellationToken cancel = default)
    {
        TopicNames.Validate(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        _broker.CreateTopic(topic, partitions);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task DeleteTopicsAsync(IReadOnlyCollection<string> topics, CancellationToken cancel = default) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task<int?> PartitionCountAsync(string topic, CancellationToken cancel = default) =>
        Task.FromResult(KafkaRetry.Execute(_broker.BootstrapServers, $"reading metadata of {topic}", _options,
            _ => KafkaTopics.PartitionCount(_admin, topic, _options.OperationTimeout), cancel));

    /// <inheritdoc/>
    public void Dispose() => _admin.Dispose();
}
