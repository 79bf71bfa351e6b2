using Confluent.Kafka;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// How every Kafka client of FinkXmatch connects. By default (sparse connections) librdkafka connects to a broker only
/// when something needs it, at most one new connection per 50 ms: a fresh client's first connection, to its bootstrap
/// address, is closed as soon as the metadata names that broker by its id, and the next one waits for the 50 ms
/// suppression or, for a transactional producer asking for its coordinator meanwhile, for librdkafka's 500 ms
/// coordinator timer. Every night's producer is a fresh client, so that was 50 or 500 ms a night on a small job.
/// Connecting to each broker as soon as it is known removes both waits; a client then holds a connection to every
/// broker of the cluster, which a night's producer (10 partitions) mostly needs anyway.
/// </summary>
internal static class KafkaConnections
{
    /// <summary><paramref name="config"/> with <c>enable.sparse.connections=false</c>.</summary>
    public static T Eager<T>(T config) where T : ClientConfig
    {
        config.Set("enable.sparse.connections", "false");
        return config;
    }
}
