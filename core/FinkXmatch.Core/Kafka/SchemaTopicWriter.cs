using Confluent.Kafka;
using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// Publishes the data schema in <c>&lt;topic&gt;_schema</c> as Fink does (CONTRACT §4): <see cref="KafkaOutputOptions.SchemaMessages"/>
/// messages, key = the schema JSON (fink layout), value = <see cref="FinkSchemaMessage.Value"/>. Done before any data.
/// <para>
/// One writer keeps one idempotent producer, and one consumer for the watermark check, for its broker, job after job
/// (the service keeps a writer for its life). Fresh clients waited: an idempotent producer up to 500 ms for its
/// producer id (librdkafka asks for one on a 500 ms timer, sooner only when a metadata answer comes while a broker
/// connection is up, and a fresh client's first answer comes just as its bootstrap connection is being replaced), a
/// consumer 700 ms for the partition leader when its first topic query went to that bootstrap connection. Writes take
/// turns on them; clients whose write failed are replaced.
/// </para>
/// </summary>
public sealed class SchemaTopicWriter(string bootstrapServers) : IDisposable
{
    private readonly Lock _gate = new();
    private IProducer<byte[], byte[]>? _producer;
    private IConsumer<byte[], byte[]>? _consumer;

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
            // One write at a time: a failed write replaces the clients, which must not cut another job's write short.
            lock (_gate)
            {
                _consumer ??= NewConsumer(bootstrapServers, options.Security);
                _producer ??= NewProducer(bootstrapServers, options.Security);
                try
                {
                    if (_consumer.QueryWatermarkOffsets(partition, options.OperationTimeout).High.Value >= options.SchemaMessages) return 0;
                    return Produce(_producer, partition, key, value, options, cancel);
                }
                catch
                {
                    // The next write gets fresh clients: these may be stuck (a broker restarted without its data, a fatal error).
                    CloseClients();
                    throw;
                }
            }
        }, cancel);
    }

    /// <summary>Closes the clients, on the thread pool: what they wrote was flushed already.</summary>
    public void Dispose()
    {
        lock (_gate) CloseClients();
    }

    private void CloseClients()
    {
        if (_producer is not null) KafkaClientDisposal.InBackground(_producer);
        if (_consumer is not null) KafkaClientDisposal.InBackground(_consumer);
        (_producer, _consumer) = (null, null);
    }

    // Only asks for watermarks: no group, no assignment.
    private static IConsumer<byte[], byte[]> NewConsumer(string bootstrapServers, KafkaSecurity security) =>
        new ConsumerBuilder<byte[], byte[]>(ProgressTopicReader.ReadCommittedConfig(bootstrapServers, "fxmatch-schema", security))
            .SetLogHandler((_, _) => { }).Build();

    private static IProducer<byte[], byte[]> NewProducer(string bootstrapServers, KafkaSecurity security)
    {
        var config = KafkaConnections.Eager(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
        });
        security.ApplyTo(config);
        return new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
    }

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
