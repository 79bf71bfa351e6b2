using System.Collections;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.KafkaEmbedded;
using FinkXmatch.Core.Avro;
using FinkXmatch.Core.Transfer;
using Parquet.Serialization;

namespace FinkXmatch.Core.Tests.Kafka;

public sealed class TopicTransferTests : IDisposable
{
    private static readonly KafkaOutputOptions Quick = new() { OperationTimeout = TimeSpan.FromSeconds(10), FirstRetryDelay = TimeSpan.FromMilliseconds(100) };
    private readonly string _out = Path.Combine(Path.GetTempPath(), $"fxmatch-transfer-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }

    private static async Task<(EmbeddedKafkaBroker Broker, string Topic, List<object?[]> Rows)> JobWithTwoShards()
    {
        var broker = EmbeddedKafkaBroker.Start();
        var topic = JobTopic.NewUnique(DateTimeOffset.UtcNow).Name;
        await ResultTopics.PrepareAsync(KafkaEndpoint.Embedded(broker), topic, ResultRowsFixture.Schema, DateTimeOffset.UtcNow, Quick);
        var producer = new ShardResultProducer(broker.BootstrapServers, topic, ResultRowsFixture.Schema, Quick);
        var a = ResultRowsFixture.Rows(1, 40);
        var b = ResultRowsFixture.Rows(2, 33);
        producer.ProduceShard("2025-07-03", a);
        producer.ProduceShard("2025-07-04", b);
        return (broker, topic, [.. a, .. b]);
    }

    [Fact]
    public async Task Parquet_files_hold_exactly_the_produced_rows()
    {
        var (broker, topic, rows) = await JobWithTwoShards();
        using var _ = broker;
        var reports = new List<TransferProgress>();
        var result = await TopicTransfer.RunAsync(new TopicTransferOptions
        {
            BootstrapServers = broker.BootstrapServers, Topic = topic, OutputDirectory = _out, RowsPerFile = 30, Kafka = Quick,
        }, reports.Add);

        Assert.Equal(rows.Count, result.Messages);
        Assert.Equal(["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"], result.Files.Select(Path.GetFileName));
        Assert.Equal((73, 3), (reports[^1].Messages, reports[^1].Files));
        // The estimate counts the transaction markers too: never below what was read.
        Assert.InRange(reports[^1].Expected, 73, 73 + 2 * 10);
        AssertRowsEqual(rows, await ReadParquet(result.Files));
    }

    [Fact]
    public async Task A_group_resumes_after_a_limited_run_and_reads_nothing_twice()
    {
        var (broker, topic, rows) = await JobWithTwoShards();
        using var _ = broker;
        var options = new TopicTransferOptions { BootstrapServers = broker.BootstrapServers, Topic = topic, OutputDirectory = _out, GroupId = "me", Kafka = Quick };
        var first = await TopicTransfer.RunAsync(options with { Limit = 10 });
        Assert.Equal(10, first.Messages);
        var second = await TopicTransfer.RunAsync(options);
        Assert.Equal(rows.Count - 10, second.Messages);
        Assert.Equal("part-00001.parquet", Path.GetFileName(Assert.Single(second.Files)));
        AssertRowsEqual(rows, await ReadParquet([.. first.Files, .. second.Files]));
    }

    [Fact]
    public async Task Lsst_records_with_their_lc_features_map_transfer_to_parquet()
    {
        // The 7 real LSST Data Transfer records (full packet: structs, lists of structs, bytes, the map) produced as a job's night.
        var schema = KafkaSample.Lsst.Schema;
        var rows = KafkaSample.Lsst.Container.ReadRecords(schema).Select(r => Enumerable.Range(0, r.Value.Count).Select(i => r.Value[i]).ToArray()).ToList();
        using var broker = EmbeddedKafkaBroker.Start();
        var topic = JobTopic.NewUnique(DateTimeOffset.UtcNow).Name;
        await ResultTopics.PrepareAsync(KafkaEndpoint.Embedded(broker), topic, schema, DateTimeOffset.UtcNow, Quick);
        new ShardResultProducer(broker.BootstrapServers, topic, schema, Quick).ProduceShard("2026-03-06", rows);

        var result = await TopicTransfer.RunAsync(new TopicTransferOptions
        {
            BootstrapServers = broker.BootstrapServers, Topic = topic, OutputDirectory = _out, Kafka = Quick,
        });

        var file = Assert.Single(result.Files);
        // Read with Apache Parquet C++: the map's keys and a member of its values, per alert.
        var ids = Results.ParquetSharpColumns.Read<long?>(file, "diaSourceId");
        var keys = Results.ParquetSharpColumns.Read<string[]?>(file, "lc_features.key_value.key");
        var means = Results.ParquetSharpColumns.Read<ParquetSharp.Nested<double?>?[]?>(file, "lc_features.key_value.value.mean");
        Assert.Equal(rows.Select(r => (long?)r[0]).Order(), ids.Order());
        var lc = schema.IndexOf("lc_features");
        foreach (var row in rows)
        {
            var i = Array.IndexOf(ids, (long?)row[0]);
            var map = (List<KeyValuePair<string, object?>>)row[lc]!;
            Assert.Equal(map.Select(e => e.Key), keys[i]);
            Assert.Equal(map.Select(e => (double?)((AvroRecord)e.Value!)["mean"]), means[i]!.Select(n => n?.Value));
        }
    }

    [Fact]
    public async Task A_missing_topic_is_named_with_the_broker()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        var error = await Assert.ThrowsAsync<KafkaTopicNotFoundException>(() => TopicTransfer.RunAsync(new TopicTransferOptions
        {
            BootstrapServers = broker.BootstrapServers, Topic = "fxmatch_ztf_2025-01-01_9", OutputDirectory = _out, Kafka = Quick,
        }));
        Assert.Equal($"topic fxmatch_ztf_2025-01-01_9 not found on {broker.BootstrapServers}", error.Message);
    }

    private static async Task<List<IDictionary<string, object?>>> ReadParquet(IEnumerable<string> files)
    {
        var rows = new List<IDictionary<string, object?>>();
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            rows.AddRange((await ParquetSerializer.DeserializeUntypedAsync(stream)).Data!);
        }
        return rows;
    }

    private static void AssertRowsEqual(List<object?[]> expected, List<IDictionary<string, object?>> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        var byId = actual.ToDictionary(r => r["objectId"]!.ToString()!);
        foreach (var row in expected) AssertSame(ResultRowsFixture.Schema, row, byId[(string)row[0]!], (string)row[0]!);
    }

    // Parquet.Net reads a null leaf as an absent key, a struct as a dictionary, a list as a list.
    private static void AssertSame(AvroSchema schema, object? expected, object? actual, string path)
    {
        if (schema is AvroUnionSchema union) schema = union.Branches[AvroEncoder.SelectBranch(union, expected)];
        switch (schema)
        {
            case AvroRecordSchema record:
                var values = (object?[])expected!;
                var dict = Assert.IsAssignableFrom<IDictionary<string, object?>>(actual);
                for (var i = 0; i < values.Length; i++)
                    AssertSame(record.Fields[i].Schema, values[i], dict.TryGetValue(record.Fields[i].Name, out var v) ? v : null, $"{path}.{record.Fields[i].Name}");
                break;
            case AvroArraySchema array:
                var items = ((IList)expected!).Cast<object?>().ToList();
                var got = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
                Assert.True(items.Count == got.Count, $"{path}: {items.Count} items expected, got {got.Count}");
                for (var i = 0; i < items.Count; i++) AssertSame(array.Items, items[i], got[i], $"{path}[{i}]");
                break;
            default:
                if (schema.Type == AvroType.Bytes && actual is ReadOnlyMemory<byte> memory) actual = memory.ToArray();
                if (actual is ReadOnlyMemory<char> chars) actual = chars.ToString();
                Assert.True(Equals(expected, actual) || (expected is byte[] e && actual is byte[] a && e.SequenceEqual(a)),
                    $"{path}: expected {expected ?? "null"}, got {actual ?? "null"} ({actual?.GetType().Name})");
                break;
        }
    }
}
