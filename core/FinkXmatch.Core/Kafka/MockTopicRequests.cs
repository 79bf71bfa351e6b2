using System.Globalization;
using Confluent.Kafka;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// Topic creation on an embedded broker that another process runs (`finkxmatch kafka serve`). librdkafka's mock
/// answers no admin CreateTopics, and only the process that owns the mock can create a topic with a chosen
/// partition count. So that process consumes <see cref="RequestTopic"/> (key = topic, value = partitions) and
/// creates what is asked; a client that finds that topic on a broker without the admin API asks there instead.
/// </summary>
public static class MockTopicRequests
{
    public const string RequestTopic = "__finkxmatch_topic_requests";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>Serves topic requests for <paramref name="broker"/> until cancelled (runs in the broker's process).</summary>
    public static Task ServeAsync(EmbeddedKafkaBroker broker, CancellationToken cancel)
    {
        broker.CreateTopic(RequestTopic, 1);
        return Task.Run(() =>
        {
            using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
            {
                BootstrapServers = broker.BootstrapServers,
                GroupId = "finkxmatch-topic-requests",
                EnableAutoCommit = false,
            }).SetLogHandler((_, _) => { }).Build();
            consumer.Assign(new TopicPartitionOffset(RequestTopic, 0, Offset.Beginning));
            while (!cancel.IsCancellationRequested)
            {
                ConsumeResult<string, string>? request;
                try
                {
                    request = consumer.Consume(Poll);
                }
                catch (ConsumeException)
                {
                    continue;
                }
                if (request?.Message is { } m && TopicNames.IsValid(m.Key)
                    && int.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var partitions) && partitions is >= 1 and <= 1000)
                {
                    broker.CreateTopic(m.Key, partitions);
                }
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// Asks a `kafka serve` broker for a topic and waits until it exists. False when the broker serves no requests
    /// (then it is not one of ours and cannot create topics).
    /// </summary>
    public static async Task<bool> TryCreateAsync(string bootstrapServers, IAdminClient admin, string topic, int partitions,
        TimeSpan timeout, CancellationToken cancel)
    {
        // All-topic metadata: asking the mock about one topic by name would auto-create it with its default partitions.
        var topics = admin.GetMetadata(timeout).Topics;
        if (!topics.Any(t => t.Topic == RequestTopic)) return false;
        if (topics.Any(t => t.Topic == topic && !t.Error.IsError)) return true;
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrapServers })
                   .SetLogHandler((_, _) => { }).Build())
        {
            await producer.ProduceAsync(RequestTopic,
                new Message<string, string> { Key = topic, Value = partitions.ToString(CultureInfo.InvariantCulture) }, cancel).ConfigureAwait(false);
        }
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (admin.GetMetadata(timeout).Topics.Any(t => t.Topic == topic && t.Partitions.Count == partitions)) return true;
            await Task.Delay(Poll, cancel).ConfigureAwait(false);
        }
        throw new TimeoutException($"the embedded broker at {bootstrapServers} did not create topic {topic} within {timeout.TotalSeconds:F0} s");
    }
}
