using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace FinkXmatch.Core.Kafka;

/// <summary>Topics on a real cluster, through the admin API (CreateTopics with <c>retention.ms</c>, DeleteTopics).</summary>
public sealed class ClusterTopicAdministrator : ITopicAdministrator
{
    private readonly string _bootstrapServers;
    private readonly KafkaOutputOptions _options;
    private readonly IAdminClient _admin;

    /// <summary>An administrator for the cluster at <paramref name="bootstrapServers"/>.</summary>
    public ClusterTopicAdministrator(string bootstrapServers, KafkaOutputOptions options)
    {
        _bootstrapServers = bootstrapServers;
        _options = options;
        var config = KafkaConnections.Eager(new AdminClientConfig { BootstrapServers = bootstrapServers });
        options.Security.ApplyTo(config);
        _admin = new AdminClientBuilder(config)
            .SetLogHandler((_, _) => { })
            .Build();
    }

    /// <inheritdoc/>
    public Task CreateTopicAsync(string topic, int partitions, TimeSpan retention, CancellationToken cancel = default)
    {
        TopicNames.Validate(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var spec = new TopicSpecification
        {
            Name = topic,
            NumPartitions = partitions,
            // -1: the broker's default.replication.factor.
            ReplicationFactor = -1,
            Configs = new Dictionary<string, string>
            {
                ["retention.ms"] = ((long)retention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            },
        };
        return KafkaRetry.ExecuteAsync(_bootstrapServers, $"creating topic {topic}", _options, async _ =>
        {
            // A `finkxmatch kafka serve` broker (librdkafka's mock) has no admin API but creates topics on request.
            if (await TopicRequests.TryCreateAsync(_bootstrapServers, _admin, topic, partitions, _options.OperationTimeout, cancel).ConfigureAwait(false))
                return true;
            try
            {
                await _admin.CreateTopicsAsync([spec], new CreateTopicsOptions { RequestTimeout = _options.OperationTimeout }).ConfigureAwait(false);
            }
            catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
            {
                // A resumed job creates its topics again.
            }
            catch (CreateTopicsException ex)
            {
                throw new KafkaException(ex.Results.First(r => r.Error.IsError).Error);
            }
            catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_UnsupportedFeature)
            {
                throw new KafkaBrokerException(
                    $"Kafka at {_bootstrapServers} cannot create topics (no admin API); create {topic} with {partitions} partitions there first", ex);
            }
            return true;
        }, cancel);
    }

    /// <inheritdoc/>
    public Task DeleteTopicsAsync(IReadOnlyCollection<string> topics, CancellationToken cancel = default)
    {
        if (topics.Count == 0) return Task.CompletedTask;
        return KafkaRetry.ExecuteAsync(_bootstrapServers, $"deleting topics {string.Join(", ", topics)}", _options, async _ =>
        {
            // A `finkxmatch kafka serve` broker (librdkafka's mock) has no admin API but deletes topics on request.
            if (await TopicRequests.TryDeleteAsync(_bootstrapServers, _admin, topics, _options.OperationTimeout, cancel).ConfigureAwait(false))
                return true;
            try
            {
                await _admin.DeleteTopicsAsync(topics, new DeleteTopicsOptions { RequestTimeout = _options.OperationTimeout }).ConfigureAwait(false);
            }
            catch (DeleteTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.UnknownTopicOrPart))
            {
                // Already gone.
            }
            catch (DeleteTopicsException ex)
            {
                throw new KafkaException(ex.Results.First(r => r.Error.IsError).Error);
            }
            return true;
        }, cancel);
    }

    /// <inheritdoc/>
    public Task<int?> PartitionCountAsync(string topic, CancellationToken cancel = default) =>
        Task.FromResult(KafkaRetry.Execute(_bootstrapServers, $"reading metadata of {topic}", _options,
            _ => KafkaTopics.PartitionCount(_admin, topic, _options.OperationTimeout), cancel));

    /// <inheritdoc/>
    public void Dispose() => _admin.Dispose();
}
