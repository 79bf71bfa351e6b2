using System.Globalization;
using Confluent.Kafka;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// Topic creation and deletion asked of an embedded broker that another process runs (`finkxmatch kafka serve`).
/// librdkafka's mock answers no admin CreateTopics or DeleteTopics, and only the process that owns the mock can
/// create a topic with a chosen partition count or delete one. So that process consumes <see cref="RequestTopic"/>
/// (key = topic, value = partitions, or <see cref="DeleteRequest"/>) and does what is asked (its side is
/// <c>KafkaEmbedded/TopicRequestServer</c>); a client that finds that topic on a broker asks there instead of using
/// the admin API.
/// </summary>
public static class TopicRequests
{
    /// <summary>The topic the broker's process reads requests from.</summary>
    public const string RequestTopic = TopicNames.InternalPrefix + "topic_requests";
    /// <summary>The request value that asks for a topic's deletion.</summary>
    public const string DeleteRequest = "delete";
    /// <summary>How often both sides look again (the server for requests, a client for their outcome).</summary>
    internal static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

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
        await RequestAsync(bootstrapServers, [(topic, partitions.ToString(CultureInfo.InvariantCulture))], cancel).ConfigureAwait(false);
        await WaitUntilAsync(bootstrapServers, admin, timeout, $"create topic {topic}", all => all.Any(t => t.Topic == topic && t.Partitions.Count == partitions), cancel).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Asks a `kafka serve` broker to delete topics and waits until they are gone. False when the broker serves no
    /// requests. Topics that do not exist are fine (expiry may run twice).
    /// </summary>
    public static async Task<bool> TryDeleteAsync(string bootstrapServers, IAdminClient admin, IReadOnlyCollection<string> topics,
        TimeSpan timeout, CancellationToken cancel)
    {
        var present = admin.GetMetadata(timeout).Topics;
        if (!present.Any(t => t.Topic == RequestTopic)) return false;
        var wanted = topics.Where(name => present.Any(t => t.Topic == name)).ToArray();
        if (wanted.Length == 0) return true;
        await RequestAsync(bootstrapServers, wanted.Select(t => (t, DeleteRequest)), cancel).ConfigureAwait(false);
        await WaitUntilAsync(bootstrapServers, admin, timeout, $"delete topics {string.Join(", ", wanted)}", all => !all.Any(t => wanted.Contains(t.Topic)), cancel).ConfigureAwait(false);
        return true;
    }

    private static async Task RequestAsync(string bootstrapServers, IEnumerable<(string Topic, string Value)> requests, CancellationToken cancel)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrapServers })
            .SetLogHandler((_, _) => { }).Build();
        foreach (var (topic, value) in requests)
            await producer.ProduceAsync(RequestTopic, new Message<string, string> { Key = topic, Value = value }, cancel).ConfigureAwait(false);
    }

    private static async Task WaitUntilAsync(string bootstrapServers, IAdminClient admin, TimeSpan timeout, string what,
        Func<List<TopicMetadata>, bool> done, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (done(admin.GetMetadata(timeout).Topics)) return;
            await Task.Delay(Poll, cancel).ConfigureAwait(false);
        }
        throw new TimeoutException($"the embedded broker at {bootstrapServers} did not {what} within {timeout.TotalSeconds:F0} s");
    }
}
