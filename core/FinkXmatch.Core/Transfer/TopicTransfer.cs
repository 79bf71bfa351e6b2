using System.Globalization;
using System.Text;
using Confluent.Kafka;
using FinkXmatch.Core.Avro;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.Results;
using Parquet.Schema;

namespace FinkXmatch.Core.Transfer;

/// <summary>
/// What Fink's <c>fink_datatransfer</c> does with a topic: the schema from the key of the first message of
/// <c>&lt;topic&gt;_schema</c>, then the data topic at read_committed from the start (or the group's offsets) until
/// every partition is drained, each value decoded as schemaless Avro and written to <c>part-NNNNN.parquet</c> files.
/// </summary>
public static class TopicTransfer
{
    /// <summary>Runs the transfer; <paramref name="progress"/> is called after each batch of messages and file.</summary>
    /// <exception cref="KafkaTopicNotFoundException">the topic or its schema topic does not exist.</exception>
    /// <exception cref="KafkaBrokerException">the broker failed or stopped answering (after retries).</exception>
    /// <exception cref="InvalidDataException">the schema topic is empty or a value does not decode.</exception>
    public static async Task<TransferResult> RunAsync(TopicTransferOptions options, Action<TransferProgress>? progress = null, CancellationToken cancel = default)
    {
        TopicNames.Validate(options.Topic);
        var kafka = options.Kafka;
        var schema = ReadSchema(options, cancel);
        var parquetSchema = ParquetSchemaFromAvro.Convert(schema);
        Directory.CreateDirectory(options.OutputDirectory);

        var config = ProgressTopicReader.ReadCommittedConfig(options.BootstrapServers, options.GroupId ?? $"finkxmatch-transfer-{Guid.NewGuid():N}", options.Kafka.Security);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        var (starts, expected) = StartOffsets(consumer, options, cancel);
        consumer.Assign(starts);

        var files = new List<string>();
        var nextFile = NextFileIndex(options.OutputDirectory);
        var rows = new List<object?[]>();
        var rowBytes = 0L;
        var messages = 0L;
        var consumed = new Dictionary<int, long>();
        var drained = new HashSet<int>();
        var lastAnswer = DateTime.UtcNow;
        while (drained.Count < starts.Count && (options.Limit is null || messages < options.Limit))
        {
            cancel.ThrowIfCancellationRequested();
            var result = Consume(consumer, options);
            if (result is null)
            {
                if (DateTime.UtcNow - lastAnswer > kafka.OperationTimeout)
                    throw new KafkaBrokerException($"Kafka at {options.BootstrapServers}{kafka.Security.Describe()}: no answer while reading {options.Topic} for {kafka.OperationTimeout.TotalSeconds:0} s");
                continue;
            }
            lastAnswer = DateTime.UtcNow;
            if (result.IsPartitionEOF)
            {
                drained.Add(result.Partition.Value);
                continue;
            }
            drained.Remove(result.Partition.Value);
            var value = result.Message.Value ?? [];
            AvroRecord record;
            try
            {
                record = AvroDecoder.DecodeRecord(schema, value);
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException($"{options.Topic} partition {result.Partition.Value} offset {result.Offset.Value}: value does not decode with the schema: {ex.Message}", ex);
            }
            rows.Add(record.Values);
            rowBytes += value.Length;
            messages++;
            consumed[result.Partition.Value] = result.Offset.Value + 1;
            if (rows.Count >= options.RowsPerFile || rowBytes >= options.BytesPerFile)
            {
                files.Add(await WriteFileAsync(options.OutputDirectory, nextFile++, schema, rows, parquetSchema, cancel).ConfigureAwait(false));
                Commit(consumer, options, consumed);
                rows.Clear();
                rowBytes = 0;
            }
            if (messages % 1000 == 0) progress?.Invoke(new TransferProgress(messages, expected, files.Count));
        }
        if (rows.Count > 0)
        {
            files.Add(await WriteFileAsync(options.OutputDirectory, nextFile, schema, rows, parquetSchema, cancel).ConfigureAwait(false));
            Commit(consumer, options, consumed);
        }
        progress?.Invoke(new TransferProgress(messages, expected, files.Count));
        consumer.Close();
        return new TransferResult(messages, files);
    }

    /// <summary>The data schema: the key of the first message of <c>&lt;topic&gt;_schema</c>.</summary>
    public static AvroRecordSchema ReadSchema(TopicTransferOptions options, CancellationToken cancel = default)
    {
        var schemaTopic = TopicNames.Schema(options.Topic);
        var key = KafkaRetry.Execute(options.BootstrapServers, $"reading the schema of {options.Topic}", options.Kafka, _ =>
        {
            var config = ProgressTopicReader.ReadCommittedConfig(options.BootstrapServers, $"finkxmatch-schema-{Guid.NewGuid():N}", options.Kafka.Security);
            using var consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            // The data topic first, so that a wrong name is reported as such rather than as a missing schema topic.
            foreach (var topic in new[] { options.Topic, schemaTopic })
            {
                if (KafkaTopics.PartitionCount(admin, topic, options.Kafka.OperationTimeout) is null)
                    throw new KafkaTopicNotFoundException(topic, options.BootstrapServers);
            }
            consumer.Assign(new TopicPartitionOffset(schemaTopic, 0, Offset.Beginning));
            var deadline = DateTime.UtcNow + options.Kafka.OperationTimeout;
            while (DateTime.UtcNow < deadline)
            {
                cancel.ThrowIfCancellationRequested();
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null) continue;
                if (result.IsPartitionEOF) throw new InvalidDataException($"{schemaTopic} on {options.BootstrapServers} has no schema message");
                return result.Message.Key ?? throw new InvalidDataException($"{schemaTopic}: the first message has no key");
            }
            throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"no message from {schemaTopic}"));
        }, cancel);
        try
        {
            return AvroSchemaParser.ParseRecord(Encoding.UTF8.GetString(key));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or System.Text.Json.JsonException)
        {
            throw new InvalidDataException($"{schemaTopic}: the key is not an Avro record schema: {ex.Message}", ex);
        }
    }

    private static ConsumeResult<byte[], byte[]>? Consume(IConsumer<byte[], byte[]> consumer, TopicTransferOptions options)
    {
        try
        {
            return consumer.Consume(TimeSpan.FromMilliseconds(200));
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal && KafkaRetry.IsTransient(ex))
        {
            // librdkafka recovers from transient fetch errors by itself; the idle timeout bounds the wait.
            return null;
        }
        catch (ConsumeException ex)
        {
            throw new KafkaBrokerException($"Kafka at {options.BootstrapServers}{options.Kafka.Security.Describe()}: reading {options.Topic} failed: {ex.Error.Reason} ({ex.Error.Code})", ex);
        }
    }

    // Where to start each partition: the group's committed offset if any, else the beginning; and how many messages that leaves.
    private static (List<TopicPartitionOffset> Starts, long Expected) StartOffsets(IConsumer<byte[], byte[]> consumer, TopicTransferOptions options, CancellationToken cancel) =>
        KafkaRetry.Execute(options.BootstrapServers, $"reading the offsets of {options.Topic}", options.Kafka, _ =>
        {
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            var partitions = KafkaTopics.PartitionCount(admin, options.Topic, options.Kafka.OperationTimeout)
                ?? throw new KafkaTopicNotFoundException(options.Topic, options.BootstrapServers);
            var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(options.Topic, p)).ToList();
            var committed = options.GroupId is null
                ? tps.Select(tp => new TopicPartitionOffset(tp, Offset.Unset)).ToList()
                : consumer.Committed(tps, options.Kafka.OperationTimeout);
            var starts = new List<TopicPartitionOffset>();
            var expected = 0L;
            foreach (var c in committed)
            {
                var marks = consumer.QueryWatermarkOffsets(c.TopicPartition, options.Kafka.OperationTimeout);
                var start = c.Offset.Value >= 0 ? c.Offset.Value : marks.Low.Value;
                expected += Math.Max(0, marks.High.Value - start);
                starts.Add(new TopicPartitionOffset(c.TopicPartition, c.Offset.Value >= 0 ? c.Offset : Offset.Beginning));
            }
            return (starts, expected);
        }, cancel);

    private static void Commit(IConsumer<byte[], byte[]> consumer, TopicTransferOptions options, Dictionary<int, long> consumed)
    {
        if (options.GroupId is null || consumed.Count == 0) return;
        var offsets = consumed.Select(kv => new TopicPartitionOffset(options.Topic, kv.Key, kv.Value)).ToList();
        KafkaRetry.Execute(options.BootstrapServers, $"committing offsets of group {options.GroupId}", options.Kafka, _ =>
        {
            consumer.Commit(offsets);
            return true;
        }, CancellationToken.None);
    }

    private static async Task<string> WriteFileAsync(string directory, int index, AvroRecordSchema schema, List<object?[]> rows,
        ParquetSchema parquetSchema, CancellationToken cancel)
    {
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"part-{index:D5}.parquet"));
        var temporary = path + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await NestedRowGroups.WriteAsync(schema, parquetSchema, rows, stream, append: false, cancel).ConfigureAwait(false);
        }
        // Complete files only: a reader never sees half a Parquet file under the final name.
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    // A later run (same group, same directory) adds files rather than overwriting the earlier ones.
    private static int NextFileIndex(string directory) => Directory.EnumerateFiles(directory, "part-*.parquet")
        .Select(f => Path.GetFileNameWithoutExtension(f)[5..])
        .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i + 1 : 0)
        .DefaultIfEmpty(0).Max();
}
