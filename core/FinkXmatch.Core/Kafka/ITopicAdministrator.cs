namespace FinkXmatch.Core.Kafka;

/// <summary>Creates and deletes the topics of a job; get one from <see cref="KafkaEndpoint.CreateAdministrator"/>.</summary>
public interface ITopicAdministrator : IDisposable
{
    /// <summary>
    /// Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions kept for <paramref name="retention"/>.
    /// Idempotent: an existing topic is fine (a resumed job creates its topics again).
    /// </summary>
    Task CreateTopicAsync(string topic, int partitions, TimeSpan retention, CancellationToken cancel = default);

    /// <summary>Deletes topics (expiry); missing ones are fine.</summary>
    Task DeleteTopicsAsync(IReadOnlyCollection<string> topics, CancellationToken cancel = default);

    /// <summary>The number of partitions of <paramref name="topic"/>, or null when it does not exist.</summary>
    Task<int?> PartitionCountAsync(string topic, CancellationToken cancel = default);
}
