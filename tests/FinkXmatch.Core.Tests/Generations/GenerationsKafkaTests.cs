using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.KafkaEmbedded;
using FinkXmatch.Core.Transfer;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Tests.Kafka;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Tests.Generations;

namespace FinkXmatch.Core.Tests.Generations;

/// <summary>
/// The Kafka output of a <c>full</c> packet job over the four schema generations: one Avro schema for the job (the
/// merged one) in <c>T_schema</c>, and python3-avro, an independent decoder, reads every night's rows with it.
/// </summary>
public sealed class GenerationsKafkaTests(GenerationsLake lake) : IClassFixture<GenerationsLake>
{
    private static readonly KafkaOutputOptions Quick = new()
    {
        OperationTimeout = TimeSpan.FromSeconds(10),
        FirstRetryDelay = TimeSpan.FromMilliseconds(100),
        ProgressReadTimeout = TimeSpan.FromSeconds(15),
    };

    [Fact]
    public async Task The_full_packet_topic_decodes_with_its_schema_and_holds_the_rows_of_every_night()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        var topic = JobTopic.NewUnique(DateTimeOffset.UtcNow).Name;
        var plan = await XmatchPlan.CreateAsync(lake.Root, new XmatchOptions(5, MatchMode.Nearest, Packet: "full", FirstYear: 2019, LastYear: 2025), "id");
        var schema = plan.Result.Schema;
        await ResultTopics.PrepareAsync(KafkaEndpoint.Embedded(broker), topic, schema, DateTimeOffset.UtcNow, Quick);
        var producer = new ShardResultProducer(broker.BootstrapServers, topic, schema, Quick);
        var produced = new List<object?[]>();
        var parquet = lake.NewResultPath();
        await using (var writer = new ResultParquetWriter(schema, File.Create(parquet)))
        {
            await LocalXmatchRunner.RunAsync(plan, lake.Catalog, (rows, ct) => new ValueTask(writer.WriteAsync(rows, ct)), parallelism: 2,
                onShard: (shard, batches, _) =>
                {
                    var rows = batches.SelectMany(b => b).ToList();
                    lock (produced) produced.AddRange(rows);
                    Assert.Equal(rows.Count, producer.ProduceShard(shard.Name, rows).Rows);
                    return ValueTask.CompletedTask;
                });
        }
        Assert.Equal(lake.Alerts, produced.Count);

        using var python = PythonAvroCheck.Read(broker.BootstrapServers, topic);
        var candid = schema.IndexOf("candid");
        var decoded = python.RootElement.GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.GetProperty("value").GetProperty("candid").GetInt64(), r => r.GetProperty("value"));
        Assert.Equal(produced.Count, decoded.Count);
        foreach (var row in produced)
            PythonAvroCheck.AssertEqual(schema, row, decoded[(long)row[candid]!], $"candid {row[candid]}");

        // The same rows as the Parquet result, and a struct the 2021 night lacks is null there, a record elsewhere.
        var table = await UnionRows.ReadAsync(parquet);
        Assert.Equal(table.Rows.Select(r => (long)r["candid"]!).Order(), decoded.Keys.Order());
        var features = decoded.Values.Select(v => v.GetProperty("lc_features_g").ValueKind).ToArray();
        Assert.Contains(System.Text.Json.JsonValueKind.Null, features);
        Assert.Contains(System.Text.Json.JsonValueKind.Object, features);

        // finkxmatch transfer (fink_datatransfer's way) reads the topic back into Parquet with the same columns.
        var transfer = await TopicTransfer.RunAsync(new TopicTransferOptions
        {
            BootstrapServers = broker.BootstrapServers, Topic = topic, OutputDirectory = Path.Combine(lake.Directory, topic), Kafka = Quick,
        });
        Assert.Equal(produced.Count, transfer.Messages);
        var transferred = await UnionRows.ReadAsync(Assert.Single(transfer.Files));
        Assert.Equal(table.Columns, transferred.Columns);
        Assert.Equal(table.Rows.Select(r => (long)r["candid"]!).Order(), transferred.Rows.Select(r => (long)r["candid"]!).Order());
    }
}
