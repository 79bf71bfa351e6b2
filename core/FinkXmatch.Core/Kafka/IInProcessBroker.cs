namespace FinkXmatch.Core.Kafka;

/// <summary>
/// What publishing needs of a broker that runs in this process (the embedded broker, <c>KafkaEmbedded/</c>, which
/// implements it): its address, and topics made and deleted by direct calls, since librdkafka's mock cluster answers
/// no admin CreateTopics or DeleteTopics.
/// </summary>
public interface IInProcessBroker
{
    /// <summary>HOST:PORT list for clients.</summary>
    string BootstrapServers { get; }

    /// <summary>Creates a topic with <paramref name="partitions"/> partitions; an existing topic is fine.</summary>
    void CreateTopic(string topic, int partitions);

    /// <summary>Deletes a topic and its messages; a missing topic is fine.</summary>
    void DeleteTopic(string topic);
}
