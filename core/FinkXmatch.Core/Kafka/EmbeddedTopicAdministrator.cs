using Confluent.Kafka;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// Topics on the embedded broker, which runs in this process (<see cref="IInProcessBroker"/>). The mock cluster answers
/// neither CreateTopics nor DeleteTopics nor topic configs: topics are made and deleted with its own calls, and
/// <c>retention.ms</c> is not applied (the mock keeps everything in memory until the process ends or the job expires
/// and deletes its topics).
/// </summary>
public sealed class EmbeddedTopicAdministrator : ITopicAdministrator
{
    private readonly IInProcessBroker _broker;
    private readonly KafkaOutputOptions _options;
    // Only for metadata, which topic creation and deletion do not need: made on first use (its Dispose costs ~100 ms).
    private readonly Lazy<IAdminClient> _admin;

    /// <summary>An administrator for <paramref name="broker"/>.</summary>
    public EmbeddedTopicAdministrator(IInProcessBroker broker, KafkaOutputOptions options)
    {
        _broker = broker;
        _options = options;
        _admin = new Lazy<IAdminClient>(() => new AdminClientBuilder(KafkaConnections.Eager(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }))
            .SetLogHandler((_, _) => { })
            .Build());
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
    public Task DeleteTopicsAsync(IReadOnlyCollection<string> topics, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(topics);
        foreach (var topic in topics) _broker.DeleteTopic(topic);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<int?> PartitionCountAsync(string topic, CancellationToken cancel = default) =>
        Task.FromResult(KafkaRetry.Execute(_broker.BootstrapServers, $"reading metadata of {topic}", _options,
            _ => KafkaTopics.PartitionCount(_admin.Value, topic, _options.OperationTimeout), cancel));

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_admin.IsValueCreated) _admin.Value.Dispose();
    }
}
