using Confluent.Kafka;
using FinkXmatch.Core.Kafka.Avro;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// Publishes the data schema in <c>&lt;topic&gt;_schema</c> as Fink does (CONTRACT §4): <see cref="KafkaOutputOptions.SchemaMessages"/>
/// messages, key = the schema JSON (fink layout), value = <see cref="FinkSchemaMessage.Value"/>. Done before any data.
/// <para>
/// One writer keeps one idempotent producer for its broker, job after job (the service keeps a writer for its life):
/// a fresh idempotent producer waits up to 500 ms for its producer id, because librdkafka asks for one on a 500 ms
/// timer, sooner only when a metadata answer comes while a broker connection is up, and a fresh client's first
/// answer comes just as its bootstrap connection is being replaced. Writes take turns on it; a producer whose write
/// failed is replaced.
/// </para>
/// </summary>
public sealed class SchemaTopicWriter(string bootstrapServers) : IDisposable
{
    private readonly Lock _gate = new();
    private IProducer<byte[], byte[]>? _producer;

    /// <summary>
    /// Writes the schema messages unless the schema topic already holds that many (a resumed job), and waits until the
    /// broker has them all. Returns the number of messages written (0 when they were there already).
    /// </summary>
    public int Write(string topic, AvroRecordSchema schema, DateTimeOffset now, KafkaOutputOptions? options = null, CancellationToken cancel = default)
    {
        options ??= KafkaOutputOptions.Default;
        var schemaTopic = TopicNames.Schema(topic);
        var key = FinkSchemaMessage.Key(schema);
        var value = FinkSchemaMessage.Value(FinkSchemaMessage.FileName(now));
        return KafkaRetry.Execute(bootstrapServers, $"writing the schema to {schemaTopic}", options, _ =>
        {
            var partition = new TopicPartition(schemaTopic, 0);
            using (var consumer = new ConsumerBuilder<byte[], byte[]>(ProgressTopicReader.ReadCommittedConfig(bootstrapServers, $"fxmatch-schema-{topic}"))
                .SetLogHandler((_, _) => { }).Build())
            {
                if (consumer.QueryWatermarkOffsets(partition, options.OperationTimeout).High.Value >= options.SchemaMessages) return 0;
            }
            // One write at a time: a failed write replaces the producer, which must not cut another job's write short.
            lock (_gate)
            {
                _producer ??= NewProducer(bootstrapServers);
                try
                {
                    return Produce(_producer, partition, key, value, options, cancel);
                }
                catch
                {
                    // The next write gets a fresh producer: this one may be stuck (a broker restarted without its data, a fatal error).
                    KafkaClientDisposal.InBackground(_producer);
                    _producer = null;
                    throw;
                }
            }
        }, cancel);
    }

    /// <summary>Closes the producer, on the thread pool: what it wrote was flushed already.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_producer is not null) KafkaClientDisposal.InBackground(_producer);
            _producer = null;
        }
    }

    private static IProducer<byte[], byte[]> NewProducer(string bootstrapServers) =>
        new ProducerBuilder<byte[], byte[]>(KafkaConnections.Eager(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
        })).SetLogHandler((_, _) => { }).Build();

    private static int Produce(IProducer<byte[], byte[]> producer, TopicPartition partition, byte[] key, byte[] value, KafkaOutputOptions options,
        CancellationToken cancel)
    {
        var message = new Message<byte[], byte[]> { Key = key, Value = value };
        Exception? failure = null;
        for (var i = 0; i < options.SchemaMessages; i++)
        {
            cancel.ThrowIfCancellationRequested();
            producer.Produce(partition, message, report => failure ??= report.Error.IsError ? new KafkaException(report.Error) : null);
        }
        if (producer.Flush(options.OperationTimeout) > 0)
            throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"schema messages not delivered within {options.OperationTimeout}"));
        if (failure is not null) throw failure;
        return options.SchemaMessages;
    }
}
