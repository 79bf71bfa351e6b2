using Confluent.Kafka;
using FinkXmatch.Core.Kafka.Avro;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// Publishes the data schema in <c>&lt;topic&gt;_schema</c> as Fink does (CONTRACT §4): <see cref="KafkaOutputOptions.SchemaMessages"/>
/// messages, key = the schema JSON (fink layout), value = <see cref="FinkSchemaMessage.Value"/>. Done before any data.
/// </summary>
public static class SchemaTopicWriter
{
    /// <summary>
    /// Writes the schema messages unless the schema topic already holds that many (a resumed job), and waits until the
    /// broker has them all. Returns the number of messages written (0 when they were there already).
    /// </summary>
    public static int Write(string bootstrapServers, string topic, AvroRecordSchema schema, DateTimeOffset now,
        KafkaOutputOptions? options = null, CancellationToken cancel = default)
    {
        options ??= KafkaOutputOptions.Default;
        var schemaTopic = TopicNames.Schema(topic);
        var key = FinkSchemaMessage.Key(schema);
        var value = FinkSchemaMessage.Value(FinkSchemaMessage.FileName(now));
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
        };
        options.Security.ApplyTo(config);
        return KafkaRetry.Execute(bootstrapServers, $"writing the schema to {schemaTopic}", options, _ =>
        {
            var partition = new TopicPartition(schemaTopic, 0);
            using (var consumer = new ConsumerBuilder<byte[], byte[]>(ProgressTopicReader.ReadCommittedConfig(bootstrapServers, $"fxmatch-schema-{topic}", options.Security))
                .SetLogHandler((_, _) => { }).Build())
            {
                if (consumer.QueryWatermarkOffsets(partition, options.OperationTimeout).High.Value >= options.SchemaMessages) return 0;
            }
            using var producer = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
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
        }, cancel);
    }
}
