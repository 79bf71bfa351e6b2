using System.Buffers;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// Produces the result rows of a job into its data topic exactly once (CONTRACT §4), one shard (e.g. a night,
/// <c>2025-07-03</c>) per Kafka transaction: every row (key = the topic name, value = schemaless Avro, spread
/// round-robin over the partitions) and, last, a record <c>shard -> row count</c> in its progress topic
/// (<see cref="TopicNames.Progress"/>, or the <see cref="TopicNames.LegacyProgress"/> of a job begun before issue 24).
/// Either all of it becomes visible to read_committed consumers or none does.
/// <para>
/// The transactional id is per job and shard (<see cref="TransactionalId"/>): whoever redoes a shard — a restarted
/// process, another silo — fences every earlier producer of that shard, whose open transaction the broker aborts.
/// After fencing, the progress topic tells whether the fenced producer had committed; if so the shard is skipped.
/// </para>
/// </summary>
public sealed class ShardResultProducer
{
    private readonly string _bootstrapServers;
    private readonly AvroRecordSchema _schema;
    private readonly KafkaOutputOptions _options;
    private readonly byte[] _key;
    private TopicPartition[]? _partitions;

    /// <summary>A producer for <paramref name="topic"/>, whose rows follow <paramref name="schema"/>. The topics must exist (<see cref="ResultTopics.PrepareAsync"/>).</summary>
    public ShardResultProducer(string bootstrapServers, string topic, AvroRecordSchema schema, KafkaOutputOptions? options = null)
    {
        TopicNames.Validate(topic);
        _bootstrapServers = bootstrapServers;
        Topic = topic;
        _schema = schema;
        _options = options ?? KafkaOutputOptions.Default;
        _key = Encoding.UTF8.GetBytes(topic);
    }

    /// <summary>The data topic.</summary>
    public string Topic { get; }

    /// <summary>The transactional id of a shard of a job: the same in every process, which is what fences zombies.</summary>
    public static string TransactionalId(string topic, string shardKey) => $"fxmatch-{topic}-{shardKey}";

    /// <summary>
    /// Produces the shard's rows (object?[] in the schema's field order) in one transaction, unless the shard is
    /// committed already. Transient broker errors are retried (a fresh producer redoes the whole shard, so
    /// <paramref name="rows"/> is enumerated again and must allow it); then a <see cref="KafkaBrokerException"/>.
    /// An exception from <paramref name="rows"/> or the encoder leaves nothing visible.
    /// </summary>
    public ShardOutcome ProduceShard(string shardKey, IEnumerable<object?[]> rows, CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(shardKey);
        return KafkaRetry.Execute(_bootstrapServers, $"producing shard {shardKey} of {Topic}", _options,
            ct => ProduceOnce(shardKey, rows, ct), cancel);
    }

    /// <summary>Shard key -> row count of the shards of <paramref name="topic"/> committed so far (read_committed).</summary>
    public static IReadOnlyDictionary<string, long> ReadCompletedShards(string bootstrapServers, string topic,
        KafkaOutputOptions? options = null, CancellationToken cancel = default) =>
        ProgressTopicReader.Read(bootstrapServers, topic, options ?? KafkaOutputOptions.Default, cancel).Done;

    private ShardOutcome ProduceOnce(string shardKey, IEnumerable<object?[]> rows, CancellationToken cancel)
    {
        var embedded = KafkaTopics.IsEmbeddedBroker(_bootstrapServers, _options.OperationTimeout, _options.Security);
        // Disposed at once: with no polling thread (EnableBackgroundPoll off) that costs nothing.
        using var producer = new ProducerBuilder<byte[], byte[]>(ProducerConfig(_bootstrapServers, Topic, shardKey, _options, embedded))
            .SetLogHandler((_, _) => { }).Build();
        producer.InitTransactions(_options.OperationTimeout);
        // Fenced now: no earlier producer of this shard can commit any more, so the progress topic is final for it.
        var progress = ProgressTopicReader.Read(_bootstrapServers, Topic, _options, cancel);
        if (progress.Done.TryGetValue(shardKey, out var committed))
            return new ShardOutcome(shardKey, committed, AlreadyDone: true);

        var partitions = _partitions ??= Partitions(progress.DataPartitions);
        producer.BeginTransaction();
        try
        {
            var count = 0L;
            var buffer = new ArrayBufferWriter<byte>(1024);
            // One message object for all rows: Produce copies key and value into librdkafka at once.
            var message = new Message<byte[], byte[]> { Key = _key };
            // Start each shard at its own partition so that small shards do not all land on partition 0.
            var next = (int)((uint)StableHash(shardKey) % (uint)partitions.Length);
            foreach (var row in rows)
            {
                cancel.ThrowIfCancellationRequested();
                buffer.ResetWrittenCount();
                AvroEncoder.Write(buffer, _schema, row);
                message.Value = buffer.WrittenSpan.ToArray();
                Produce(producer, partitions[next], message);
                next = next + 1 == partitions.Length ? 0 : next + 1;
                count++;
            }
            Produce(producer, new TopicPartition(progress.WriteTopic, 0), new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(shardKey),
                Value = Encoding.UTF8.GetBytes(count.ToString(CultureInfo.InvariantCulture)),
            });
            producer.CommitTransaction(_options.OperationTimeout);
            return new ShardOutcome(shardKey, count, AlreadyDone: false);
        }
        catch
        {
            // Release the partitions now rather than when the transaction times out (read_committed readers wait on it).
            try { producer.AbortTransaction(TimeSpan.FromSeconds(5)); } catch (KafkaException) { }
            throw;
        }
    }

    /// <summary>
    /// The producer of one shard. Messages are held back until the commit flushes them: the embedded broker
    /// (librdkafka's mock) does not hide open or aborted transactions from read_committed readers, so a shard whose
    /// process dies before committing must not have sent anything. On the embedded broker
    /// (<paramref name="embeddedBroker"/>) batches are made as large as librdkafka allows, so the whole shard waits in
    /// the producer's memory (the broker holds everything in memory anyway) up to 1,000,000 messages a partition; on a
    /// real cluster, which hides uncommitted data itself, batches keep the broker's usual sizes.
    /// </summary>
    internal static ProducerConfig ProducerConfig(string bootstrapServers, string topic, string shardKey, KafkaOutputOptions options,
        bool embeddedBroker = false)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            TransactionalId = TransactionalId(topic, shardKey),
            EnableIdempotence = true,
            Acks = Acks.All,
            TransactionTimeoutMs = (int)options.TransactionTimeout.TotalMilliseconds,
            // Failures surface at commit; per-message reports would cost an allocation per row.
            EnableDeliveryReports = false,
            // No polling thread: nothing is reported by callback, and joining that thread made every Dispose wait up
            // to 100 ms (a night's fixed cost on a small job); the commit and a full queue serve the client's events.
            EnableBackgroundPoll = false,
            // librdkafka wants linger.ms < message.timeout.ms <= transaction.timeout.ms; the commit's flush does not wait for linger.
            MessageTimeoutMs = (int)options.TransactionTimeout.TotalMilliseconds,
            LingerMs = Math.Min(300_000, options.TransactionTimeout.TotalMilliseconds / 2),
            QueueBufferingMaxMessages = 1_000_000,
            QueueBufferingMaxKbytes = 1_048_576,
        };
        options.Security.ApplyTo(config);
        if (embeddedBroker)
        {
            // librdkafka's maxima: a batch closes only at the commit's flush (or at 1,000,000 messages).
            config.MessageMaxBytes = 1_000_000_000;
            config.BatchSize = 1_000_000_000;
            config.BatchNumMessages = 1_000_000;
            config.QueueBufferingMaxMessages = int.MaxValue;
            config.QueueBufferingMaxKbytes = int.MaxValue;
        }
        return KafkaConnections.Eager(config);
    }

    // The count comes with the progress read's metadata: a second admin client here cost ~100 ms a night to close.
    private TopicPartition[] Partitions(int? count) => count is { } n
        ? Enumerable.Range(0, n).Select(p => new TopicPartition(Topic, p)).ToArray()
        : throw new KafkaTopicNotFoundException(Topic, _bootstrapServers);

    // Waits for room when librdkafka's local queue is full rather than failing the shard.
    private static void Produce(IProducer<byte[], byte[]> producer, TopicPartition partition, Message<byte[], byte[]> message)
    {
        while (true)
        {
            try
            {
                producer.Produce(partition, message);
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    // string.GetHashCode is randomized per process; the start partition should not depend on the process.
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = unchecked(hash * 31 + c);
        return hash;
    }
}
