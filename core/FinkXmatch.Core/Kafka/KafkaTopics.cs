using System.Collections.Concurrent;
using Confluent.Kafka;

namespace FinkXmatch.Core.Kafka;

/// <summary>Metadata look-ups shared by the producers, the administrators and the transfer.</summary>
internal static class KafkaTopics
{
    /// <summary>
    /// The partition count of <paramref name="topic"/>, or null. Asks for every topic's metadata: asking for one
    /// topic by name lets a broker with auto-creation on (the mock, many clusters) create it with default partitions.
    /// </summary>
    public static int? PartitionCount(IAdminClient admin, string topic, TimeSpan timeout) =>
        PartitionCounts(admin, [topic], timeout).TryGetValue(topic, out var count) ? count : null;

    /// <summary>The partition counts of those of <paramref name="topics"/> that exist, from one metadata request.</summary>
    public static Dictionary<string, int> PartitionCounts(IAdminClient admin, IReadOnlyCollection<string> topics, TimeSpan timeout)
    {
        var meta = admin.GetMetadata(timeout);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var found in meta.Topics)
        {
            if (!topics.Contains(found.Topic) || found.Error.Code == ErrorCode.UnknownTopicOrPart) continue;
            if (found.Error.IsError) throw new KafkaException(found.Error);
            counts[found.Topic] = found.Partitions.Count;
        }
        return counts;
    }

    // Per address, for the process's life: asked once, not by every night shard's producer.
    private static readonly ConcurrentDictionary<string, bool> EmbeddedByAddress = new(StringComparer.Ordinal);

    /// <summary>True when the broker at <paramref name="bootstrapServers"/> is one of our embedded brokers (it has <see cref="TopicNames.EmbeddedBrokerMarker"/>).</summary>
    public static bool IsEmbeddedBroker(string bootstrapServers, TimeSpan timeout, KafkaSecurity security)
    {
        if (EmbeddedByAddress.TryGetValue(bootstrapServers, out var known)) return known;
        // Not cached when the broker cannot be reached: the caller's retry asks again.
        return EmbeddedByAddress[bootstrapServers] = HasMarkerTopic(bootstrapServers, timeout, security);
    }

    private static bool HasMarkerTopic(string bootstrapServers, TimeSpan timeout, KafkaSecurity security)
    {
        var config = KafkaConnections.Eager(new AdminClientConfig { BootstrapServers = bootstrapServers });
        security.ApplyTo(config);
        using var admin = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build();
        return admin.GetMetadata(timeout).Topics.Any(t => t.Topic == TopicNames.EmbeddedBrokerMarker);
    }
}
