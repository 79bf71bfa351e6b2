using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.KafkaEmbedded;
using FinkXmatch.Core.Transfer;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Tests.Xmatch;
using FinkXmatch.Core.Xmatch;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.Kafka;

/// <summary>
/// The real Rubin night crossmatched with the <c>full</c> packet, published to an <c>fxmatch_lsst_</c> topic as a job does,
/// then read back by python3-avro (schema from <c>_schema</c>, as fink_datatransfer -survey lsst reads it) and by
/// <c>finkxmatch transfer</c>'s <see cref="TopicTransfer"/>: both hold the rows the Parquet results hold.
/// </summary>
public sealed class LsstKafkaRoundTripTests : IDisposable
{
    private static readonly KafkaOutputOptions Quick = new() { OperationTimeout = TimeSpan.FromSeconds(10), FirstRetryDelay = TimeSpan.FromMilliseconds(100) };
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fxm-lsst-kafka-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_full_packet_topic_decodes_in_python_and_transfers_back_to_the_parquet_rows()
    {
        var lake = Path.Combine(_root, "lake");
        RubinLake.LayOut(lake);
        var catalog = RubinLake.AroundAlerts(RubinLake.Alerts());
        var plan = await XmatchPlan.CreateAsync(lake, new XmatchOptions(1.5, MatchMode.All, Packet: "full"), catalog.IdColumn);
        var parquetPath = Path.Combine(_root, "results.parquet");
        var rows = new List<object?[]>();
        await using (var writer = new ResultParquetWriter(plan.Result.Schema, File.Create(parquetPath)))
        {
            await LocalXmatchRunner.RunAsync(plan, catalog, async (batch, ct) =>
            {
                rows.AddRange(batch);
                await writer.WriteAsync(batch, ct);
            }, parallelism: 1);
        }
        // 0.3" and 1.2" sources of each of the 27 alerts.
        Assert.Equal(54, rows.Count);

        using var broker = EmbeddedKafkaBroker.Start();
        var topic = JobTopic.NewUnique(DateTimeOffset.UtcNow, Survey.Lsst).Name;
        Assert.StartsWith("fxmatch_lsst_", topic, StringComparison.Ordinal);
        await ResultTopics.PrepareAsync(KafkaEndpoint.Embedded(broker), topic, plan.Result.Schema, DateTimeOffset.UtcNow, Quick);
        var producer = new ShardResultProducer(broker.BootstrapServers, topic, plan.Result.Schema, Quick);
        Assert.Equal(new Core.Kafka.ShardOutcome(RubinLake.Night, rows.Count, false), producer.ProduceShard(RubinLake.Night, rows));

        // python3-avro, with the schema the topic's _schema carries: every value decodes to the row produced.
        var diaSourceId = IndexOf(plan, "diaSourceId");
        var source = IndexOf(plan, "source");
        using var python = PythonAvroCheck.Read(broker.BootstrapServers, topic);
        var decoded = python.RootElement.GetProperty("rows").EnumerateArray()
            .ToDictionary(r => Key(r.GetProperty("value").GetProperty("diaSourceId").GetInt64(), r.GetProperty("value").GetProperty("source").GetString()),
                r => r.GetProperty("value"));
        Assert.Equal(rows.Count, decoded.Count);
        foreach (var row in rows)
        {
            var key = Key((long)row[diaSourceId]!, (string)row[source]!);
            PythonAvroCheck.AssertEqual(plan.Result.Schema, row, decoded[key], key);
        }

        // finkxmatch transfer: Parquet files with the same alerts and sources as the job's own Parquet results.
        var transferred = await TopicTransfer.RunAsync(new TopicTransferOptions
        {
            BootstrapServers = broker.BootstrapServers, Topic = topic, OutputDirectory = Path.Combine(_root, "transfer"), Kafka = Quick,
        });
        Assert.Equal(rows.Count, transferred.Messages);
        Assert.Equal(Keys(parquetPath).Order(StringComparer.Ordinal), transferred.Files.SelectMany(Keys).Order(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static int IndexOf(XmatchPlan plan, string column) => plan.Result.ColumnNames.ToList().IndexOf(column);

    private static string Key(long diaSourceId, string? source) => $"{diaSourceId}|{source}";

    // Read with Apache Parquet C++: each row's alert, source, object and separation.
    private static List<string> Keys(string path)
    {
        using var file = new ParquetFileReader(path);
        var schema = file.FileMetaData.Schema;
        var columns = Enumerable.Range(0, schema.NumColumns).ToDictionary(i => schema.Column(i).Path.ToDotString(), i => i);
        var keys = new List<string>();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var n = checked((int)group.MetaData.NumRows);
            var ids = Read<long?>(group, columns["diaSourceId"], n);
            var objects = Read<long?>(group, columns["diaObjectId"], n);
            var sources = Read<string>(group, columns["source"], n);
            var separations = Read<double>(group, columns["separation_arcsec"], n);
            for (var r = 0; r < n; r++) keys.Add($"{Key(ids[r]!.Value, sources[r])}|{objects[r]}|{separations[r]:R}");
        }
        return keys;
    }

    private static T[] Read<T>(RowGroupReader group, int column, int rows)
    {
        using var reader = group.Column(column).LogicalReader<T>();
        return reader.ReadAll(rows);
    }
}
