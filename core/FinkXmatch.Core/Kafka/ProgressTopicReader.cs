using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// Reads <c>&lt;topic&gt;_progress</c> at read_committed: shard key -> match count of every shard whose transaction
/// committed. Reads up to the end the partition had when the read began, waiting for transactions open at that
/// moment to end, so that a shard committed just before is never missed (it would be produced twice).
/// </summary>
internal static class ProgressTopicReader
{
    public static Dictionary<string, long> Read(string bootstrapServers, string topic, KafkaOutputOptions options, CancellationToken cancel)
    {
        var progressTopic = TopicNames.Progress(topic);
        return KafkaRetry.Execute(bootstrapServers, $"reading {progressTopic}", options, _ =>
        {
            using var consumer = new ConsumerBuilder<byte[], byte[]>(ReadCommittedConfig(bootstrapServers, $"fxmatch-progress-{topic}"))
                .SetLogHandler((_, _) => { })
                .Build();
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            var done = new Dictionary<string, long>(StringComparer.Ordinal);
            var partitions = KafkaTopics.PartitionCount(admin, progressTopic, options.OperationTimeout);
            if (partitions is null) return done;

            // The end each partition must be read to: its high watermark now.
            var pending = new Dictionary<int, long>();
            for (var p = 0; p < partitions; p++)
            {
                var marks = consumer.QueryWatermarkOffsets(new TopicPartition(progressTopic, p), options.OperationTimeout);
                if (marks.High.Value > marks.Low.Value) pending[p] = marks.High.Value;
            }
            consumer.Assign(pending.Keys.Select(p => new TopicPartitionOffset(progressTopic, p, Offset.Beginning)));
            var deadline = DateTime.UtcNow + options.ProgressReadTimeout;
            while (pending.Count > 0)
            {
                cancel.ThrowIfCancellationRequested();
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is null)
                {
                    if (DateTime.UtcNow > deadline)
                        throw new KafkaException(new Error(ErrorCode.Local_TimedOut,
                            $"{progressTopic} stayed held by an open transaction for {options.ProgressReadTimeout}"));
                    continue;
                }
                if (result.IsPartitionEOF)
                {
                    // At read_committed the end is the last stable offset; it reaches the watermark once older transactions end.
                    if (result.Offset.Value >= pending[result.Partition.Value]) pending.Remove(result.Partition.Value);
                    continue;
                }
                done[Encoding.UTF8.GetString(result.Message.Key)] = ParseCount(result.Message.Value);
            }
            return done;
        }, cancel);
    }

    /// <summary>A consumer that reads what committed, from the beginning, and reports the end of each partition.</summary>
    public static ConsumerConfig ReadCommittedConfig(string bootstrapServers, string groupId) => new()
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        IsolationLevel = IsolationLevel.ReadCommitted,
        EnablePartitionEof = true,
        // An empty fetch at the end is what tells the end is reached: do not let the broker hold it for 500 ms.
        FetchWaitMaxMs = 20,
    };

    private static long ParseCount(byte[]? value) =>
        value is not null && long.TryParse(Encoding.UTF8.GetString(value), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
