using System.Globalization;
using Confluent.Kafka;
using FinkXmatch.Core.Kafka;

namespace FinkXmatch.Core.KafkaEmbedded;

/// <summary>
/// The broker's side of <see cref="TopicRequests"/>: in the process that owns an embedded broker (`finkxmatch kafka
/// serve`, the durable tests), creates and deletes the topics other processes ask for.
/// </summary>
public static class TopicRequestServer
{
    /// <summary>Serves topic requests for <paramref name="broker"/> until cancelled (runs in the broker's process).</summary>
    public static Task ServeAsync(EmbeddedKafkaBroker broker, CancellationToken cancel)
    {
        broker.CreateTopic(TopicRequests.RequestTopic, 1);
        return Task.Run(() =>
        {
            using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
            {
                BootstrapServers = broker.BootstrapServers,
                GroupId = "finkxmatch-topic-requests",
                EnableAutoCommit = false,
            }).SetLogHandler((_, _) => { }).Build();
            consumer.Assign(new TopicPartitionOffset(TopicRequests.RequestTopic, 0, Offset.Beginning));
            while (!cancel.IsCancellationRequested)
            {
                ConsumeResult<string, string>? request;
                try
                {
                    request = consumer.Consume(TopicRequests.Poll);
                }
                catch (ConsumeException)
                {
                    continue;
                }
                if (request?.Message is not { } m || !TopicNames.IsValid(m.Key) || m.Key == TopicRequests.RequestTopic) continue;
                if (m.Value == TopicRequests.DeleteRequest)
                    broker.DeleteTopic(m.Key);
                else if (int.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var partitions) && partitions is >= 1 and <= 1000)
                    broker.CreateTopic(m.Key, partitions);
            }
        }, CancellationToken.None);
    }
}
