using System.Text;
using Confluent.Kafka;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.KafkaEmbedded;
using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Tests.Kafka;

public class ShardResultProducerTests
{
    private static readonly KafkaOutputOptions Quick = new()
    {
        OperationTimeout = TimeSpan.FromSeconds(10),
        FirstRetryDelay = TimeSpan.FromMilliseconds(100),
        ProgressReadTimeout = TimeSpan.FromSeconds(15),
    };

    private static async Task<(EmbeddedKafkaBroker Broker, string Topic)> PreparedJob()
    {
        var broker = EmbeddedKafkaBroker.Start();
        var topic = JobTopic.NewUnique(DateTimeOffset.UtcNow).Name;
        await ResultTopics.PrepareAsync(KafkaEndpoint.Embedded(broker), topic, ResultRowsFixture.Schema, DateTimeOffset.UtcNow, Quick);
        return (broker, topic);
    }

    [Fact]
    public async Task Two_shards_reach_kcat_and_python_avro_as_produced()
    {
        var (broker, topic) = await PreparedJob();
        using var _ = broker;
        var producer = new ShardResultProducer(broker.BootstrapServers, topic, ResultRowsFixture.Schema, Quick);
        var shards = new Dictionary<string, List<object?[]>> { ["2025-07-03"] = ResultRowsFixture.Rows(1, 37), ["2025-07-04"] = ResultRowsFixture.Rows(2, 25) };
        foreach (var (key, rows) in shards)
            Assert.Equal(new ShardOutcome(key, rows.Count, false), producer.ProduceShard(key, rows));

        // kcat: the data topic has 10 partitions, every message is keyed by the topic and all partitions are used.
        var listing = ExternalKafkaTools.RunKcat("-L", "-b", broker.BootstrapServers, "-t", topic);
        Assert.Contains($"topic \"{topic}\" with 10 partitions", listing);
        var lines = ExternalKafkaTools.RunKcat("-C", "-b", broker.BootstrapServers, "-t", topic, "-X", "isolation.level=read_committed",
            "-e", "-q", "-f", "%k\t%p\t%o\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(62, lines.Length);
        Assert.All(lines, l => Assert.Equal(topic, l.Split('\t')[0]));
        Assert.Equal(10, lines.Select(l => l.Split('\t')[1]).Distinct().Count());
        Assert.Equal(lines.Length, lines.Select(l => l.Split('\t')[1] + "/" + l.Split('\t')[2]).Distinct().Count());
        var schemaCount = ExternalKafkaTools.RunKcat("-C", "-b", broker.BootstrapServers, "-t", TopicNames.Schema(topic), "-e", "-q", "-f", "%p\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.Equal(1000, schemaCount);

        // python avro: the schema from the schema topic key decodes every value back to the row produced, each once.
        using var python = PythonAvroCheck.Read(broker.BootstrapServers, topic);
        Assert.Equal(1000, python.RootElement.GetProperty("schema_messages").GetInt32());
        Assert.True(python.RootElement.GetProperty("schema_keys_identical").GetBoolean());
        var decoded = python.RootElement.GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.GetProperty("value").GetProperty("objectId").GetString()!, r => r.GetProperty("value"));
        var expected = shards.Values.SelectMany(r => r).ToList();
        Assert.Equal(expected.Count, decoded.Count);
        foreach (var row in expected)
            PythonAvroCheck.AssertEqual(ResultRowsFixture.Schema, row, decoded[(string)row[0]!], (string)row[0]!);
    }

    [Fact]
    public async Task A_crashed_shard_is_redone_once_and_a_committed_shard_is_skipped()
    {
        var (broker, topic) = await PreparedJob();
        using var _ = broker;
        var producer = new ShardResultProducer(broker.BootstrapServers, topic, ResultRowsFixture.Schema, Quick);
        var rowsA = ResultRowsFixture.Rows(1, 20);
        var rowsB = ResultRowsFixture.Rows(2, 30);
        producer.ProduceShard("A", rowsA);

        // A process that dies in the middle of shard B (same producer settings): part of the rows and even its
        // progress record produced, the transaction never committed nor aborted.
        using (var zombie = new ProducerBuilder<byte[], byte[]>(ShardResultProducer.ProducerConfig(broker.BootstrapServers, topic, "B", Quick, embeddedBroker: true))
            .SetLogHandler((_, _) => { }).Build())
        {
            zombie.InitTransactions(TimeSpan.FromSeconds(10));
            zombie.BeginTransaction();
            for (var i = 0; i < 12; i++)
                zombie.Produce(new TopicPartition(topic, i % 10), new Message<byte[], byte[]>
                {
                    Key = Encoding.UTF8.GetBytes(topic), Value = AvroEncoder.Encode(ResultRowsFixture.Schema, rowsB[i]),
                });
            zombie.Produce(new TopicPartition(TopicNames.Progress(topic), 0), new Message<byte[], byte[]> { Key = "B"u8.ToArray(), Value = "12"u8.ToArray() });
            Thread.Sleep(500);
        }
        Assert.Equal(new Dictionary<string, long> { ["A"] = 20 }, ShardResultProducer.ReadCompletedShards(broker.BootstrapServers, topic, Quick));

        // An exception from the rows (a crash of the matcher) mid-shard leaves nothing visible either.
        Assert.Throws<InvalidOperationException>(() => producer.ProduceShard("C", Failing(ResultRowsFixture.Rows(3, 10), after: 5)));

        // The rerun of B fences the zombie (its transaction is aborted) and commits B once.
        Assert.Equal(new ShardOutcome("B", 30, false), producer.ProduceShard("B", rowsB));
        Assert.Equal(new Dictionary<string, long> { ["A"] = 20, ["B"] = 30 },
            ShardResultProducer.ReadCompletedShards(broker.BootstrapServers, topic, Quick));
        // A is done: a restarted job that produces it again is told so, and nothing is added.
        Assert.Equal(new ShardOutcome("A", 20, true), producer.ProduceShard("A", rowsA));

        using var python = PythonAvroCheck.Read(broker.BootstrapServers, topic);
        var ids = python.RootElement.GetProperty("rows").EnumerateArray()
            .Select(r => r.GetProperty("value").GetProperty("objectId").GetString()).ToList();
        Assert.Equal(rowsA.Concat(rowsB).Select(r => (string)r[0]!).Order(), ids.Order());
    }

    [Fact]
    public async Task A_job_begun_before_the_upgrade_finds_its_shards_in_the_legacy_progress_topic_and_keeps_writing_there()
    {
        // Before issue 24 the bookkeeping was <topic>_progress; a job resumed after the upgrade has its committed
        // shards there (here written by a producer of the old kind: one committed record for shard A).
        var (broker, topic) = await PreparedJob();
        using var _ = broker;
        var legacy = TopicNames.LegacyProgress(topic);
        broker.CreateTopic(legacy, 1);
        using (var old = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            old.Produce(new TopicPartition(legacy, 0), new Message<byte[], byte[]> { Key = "A"u8.ToArray(), Value = "20"u8.ToArray() });
            old.Flush(TimeSpan.FromSeconds(10));
        }
        Assert.Equal(new Dictionary<string, long> { ["A"] = 20 }, ShardResultProducer.ReadCompletedShards(broker.BootstrapServers, topic, Quick));

        var producer = new ShardResultProducer(broker.BootstrapServers, topic, ResultRowsFixture.Schema, Quick);
        Assert.Equal(new ShardOutcome("A", 20, true), producer.ProduceShard("A", ResultRowsFixture.Rows(1, 20)));
        Assert.Equal(new ShardOutcome("B", 30, false), producer.ProduceShard("B", ResultRowsFixture.Rows(2, 30)));
        Assert.Equal(new Dictionary<string, long> { ["A"] = 20, ["B"] = 30 },
            ShardResultProducer.ReadCompletedShards(broker.BootstrapServers, topic, Quick));

        // One job, one bookkeeping topic: B went where A is, the new-style topic stayed empty; only B's rows were produced.
        string[] Keys(string t) => ExternalKafkaTools.RunKcat("-C", "-b", broker.BootstrapServers, "-t", t, "-e", "-q", "-f", "%k\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["A", "B"], Keys(legacy));
        Assert.Empty(Keys(TopicNames.Progress(topic)));
        Assert.Equal(30, Keys(topic).Length);
    }

    [Fact]
    public async Task A_shard_larger_than_a_batch_that_fails_midway_leaves_nothing_visible_on_the_embedded_broker()
    {
        // The mock shows read_committed readers whatever reached it, aborted or not; a shard of many megabytes per
        // partition must still reach it only at the commit.
        var (broker, topic) = await PreparedJob();
        using var _ = broker;
        var producer = new ShardResultProducer(broker.BootstrapServers, topic, ResultRowsFixture.Schema, Quick);
        var rows = ResultRowsFixture.Rows(4, 1);
        var bytesPerRow = AvroEncoder.Encode(ResultRowsFixture.Schema, rows[0]).Length;
        var perPartition = 3 * 1024 * 1024 / bytesPerRow;   // 3 MiB a partition, three default batches
        Assert.Throws<InvalidOperationException>(() => producer.ProduceShard("D", Failing(Repeat(rows[0], 10 * perPartition + 10), after: 10 * perPartition)));
        Thread.Sleep(500);

        var seen = ExternalKafkaTools.RunKcat("-C", "-b", broker.BootstrapServers, "-t", topic, "-X", "isolation.level=read_committed", "-e", "-q", "-f", "%p\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.True(seen == 0, $"{seen} messages of the failed shard are visible ({perPartition:N0} rows of {bytesPerRow} bytes a partition)");
    }

    private static IEnumerable<object?[]> Repeat(object?[] row, int count)
    {
        for (var i = 0; i < count; i++) yield return row;
    }

    [Fact]
    public void Unreachable_broker_fails_after_bounded_retries_naming_the_address()
    {
        var options = Quick with { OperationTimeout = TimeSpan.FromMilliseconds(500), MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromMilliseconds(50) };
        var producer = new ShardResultProducer("127.0.0.1:1", "fxmatch_ztf_2025-01-01_1", ResultRowsFixture.Schema, options);
        var error = Assert.Throws<KafkaBrokerException>(() => producer.ProduceShard("A", ResultRowsFixture.Rows(1, 3)));
        Assert.StartsWith("Kafka at 127.0.0.1:1: producing shard A of fxmatch_ztf_2025-01-01_1 failed after 3 attempts:", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static IEnumerable<object?[]> Failing(IEnumerable<object?[]> rows, int after)
    {
        var n = 0;
        foreach (var row in rows)
        {
            if (n++ == after) throw new InvalidOperationException("matcher crashed");
            yield return row;
        }
    }
}
