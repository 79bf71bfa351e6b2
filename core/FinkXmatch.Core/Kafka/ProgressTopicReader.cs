using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// Reads a job's progress topic at read_committed: shard key -> match count of every shard whose transaction
/// committed. Reads up to the end the partition had when the read began, waiting for transactions open at that
/// moment to end, so that a shard committed just before is never missed (it would be produced twice). Both
/// <see cref="TopicNames.Progress"/> and the <see cref="TopicNames.LegacyProgress"/> of earlier versions are read,
/// so that a job begun before the upgrade finds the shards it committed then.
/// </summary>
internal static class ProgressTopicReader
{
    /// <summary>What the progress topics hold, and the one a new record goes to.</summary>
    /// <param name="Done">Shard key -> match count of every committed shard.</param>
    /// <param name="WriteTopic">The legacy topic when it exists (a job begun before the upgrade keeps one record), else the current one.</param>
    /// <param name="DataPartitions">The data topic's partition count (from the same metadata), or null when it does not exist.</param>
    public sealed record Progress(Dictionary<string, long> Done, string WriteTopic, int? DataPartitions);

    public static Progress Read(string bootstrapServers, string topic, KafkaOutputOptions options, CancellationToken cancel)
    {
        return KafkaRetry.Execute(bootstrapServers, $"reading {TopicNames.Progress(topic)}", options, _ =>
        {
            var consumer = new ConsumerBuilder<byte[], byte[]>(ReadCommittedConfig(bootstrapServers, $"fxmatch-progress-{topic}", options.Security))
                .SetLogHandler((_, _) => { })
                .Build();
            var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            try
            {
                return ReadOnce(consumer, admin, topic, options, cancel);
            }
            finally
            {
                KafkaClientDisposal.InBackground(admin, consumer);
            }
        }, cancel);
    }

    private static Progress ReadOnce(IConsumer<byte[], byte[]> consumer, IAdminClient admin, string topic, KafkaOutputOptions options, CancellationToken cancel)
    {
        var progressTopic = TopicNames.Progress(topic);
        var legacyTopic = TopicNames.LegacyProgress(topic);
        var done = new Dictionary<string, long>(StringComparer.Ordinal);
        var counts = KafkaTopics.PartitionCounts(admin, [progressTopic, legacyTopic, topic], options.OperationTimeout);
        int? dataPartitions = counts.TryGetValue(topic, out var data) ? data : null;
        var partitions = counts.Where(c => c.Key != topic).ToDictionary();
        var writeTopic = partitions.ContainsKey(legacyTopic) ? legacyTopic : progressTopic;

        // The end each partition must be read to: its high watermark now.
        var pending = new Dictionary<TopicPartition, long>();
        foreach (var (name, count) in partitions)
        {
            for (var p = 0; p < count; p++)
            {
                var partition = new TopicPartition(name, p);
                var marks = Watermarks(consumer, partition, options);
                if (marks.High.Value > marks.Low.Value) pending[partition] = marks.High.Value;
            }
        }
        if (pending.Count == 0) return new Progress(done, writeTopic, dataPartitions);
        consumer.Assign(pending.Keys.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var deadline = DateTime.UtcNow + options.ProgressReadTimeout;
        var nextProbe = DateTime.UtcNow + options.OperationTimeout;
        while (pending.Count > 0)
        {
            cancel.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null)
            {
                var now = DateTime.UtcNow;
                if (now > deadline)
                    throw new KafkaException(new Error(ErrorCode.Local_TimedOut,
                        $"{string.Join(", ", pending.Keys.Select(p => p.Topic).Distinct())} stayed held by an open transaction for {options.ProgressReadTimeout}"));
                // Silence is an open transaction holding the end back, or a broker gone: a watermark query tells them
                // apart, failing within the operation timeout when nobody answers (rather than waiting out the deadline).
                if (now > nextProbe)
                {
                    Watermarks(consumer, pending.Keys.First(), options);
                    nextProbe = DateTime.UtcNow + options.OperationTimeout;
                }
                continue;
            }
            if (result.IsPartitionEOF)
            {
                // At read_committed the end is the last stable offset; it reaches the watermark once older transactions end.
                if (result.Offset.Value >= pending[result.TopicPartition]) pending.Remove(result.TopicPartition);
                continue;
            }
            done[Encoding.UTF8.GetString(result.Message.Key)] = ParseCount(result.Message.Value);
        }
        return new Progress(done, writeTopic, dataPartitions);
    }

    // The partitions asked for come from metadata this read has just fetched: a broker that no longer knows one was
    // killed or restarted meanwhile, which a retry settles (as an unanswered query is), not a topic deleted under a job.
    private static WatermarkOffsets Watermarks(IConsumer<byte[], byte[]> consumer, TopicPartition partition, KafkaOutputOptions options)
    {
        try
        {
            return consumer.QueryWatermarkOffsets(partition, options.OperationTimeout);
        }
        catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_UnknownPartition)
        {
            throw new KafkaException(new Error(ErrorCode.Local_Transport, $"{partition} is no longer known to the broker ({e.Error.Reason})"));
        }
    }

    /// <summary>A consumer that reads what committed, from the beginning, and reports the end of each partition.</summary>
    public static ConsumerConfig ReadCommittedConfig(string bootstrapServers, string groupId, KafkaSecurity security)
    {
        ArgumentNullException.ThrowIfNull(security);
        var config = ReadCommittedConfig(bootstrapServers, groupId);
        security.ApplyTo(config);
        return config;
    }

    private static ConsumerConfig ReadCommittedConfig(string bootstrapServers, string groupId) => KafkaConnections.Eager(new ConsumerConfig
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        IsolationLevel = IsolationLevel.ReadCommitted,
        EnablePartitionEof = true,
        // An empty fetch at the end is what tells the end is reached: do not let the broker hold it for 500 ms.
        FetchWaitMaxMs = 20,
    });

    private static long ParseCount(byte[]? value) =>
        value is not null && long.TryParse(Encoding.UTF8.GetString(value), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
