using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Tests.Xmatch;
using FinkXmatch.Core.Xmatch;
using ParquetSharp;
using ParquetSharp.Schema;

namespace FinkXmatch.Core.Tests.Results;

/// <summary>
/// A results file with a nested struct (<c>candidate</c>), a list of structs (<c>prv_candidates</c>) and binary
/// (<c>cutoutScience.stampData</c>) opened with Apache Parquet C++ (ParquetSharp, the library under pyarrow):
/// column paths, physical and logical types, the three-level LIST layout, and values equal to the real sample's.
/// </summary>
public sealed class ResultParquetStandardReaderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fxm-results-" + Guid.NewGuid().ToString("N"));
    private static string SampleRoot => TestData.Path("datalake-sample");
    private static string[] SampleFiles => Directory.GetFiles(SampleRoot, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    public ResultParquetStandardReaderTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<string> WriteNestedResultsAsync()
    {
        var path = Path.Combine(_directory, "nested.parquet");
        var options = new XmatchOptions(3600, MatchMode.All, Fields: ["candidate", "prv_candidates", "cutoutScience"]);
        await EngineRun.ToFileAsync(SampleRoot, ReferenceCatalogs.ThreeHsp(), options, path);
        return path;
    }

    [Fact]
    public async Task Schema_has_the_contract_columns_with_standard_types()
    {
        var path = await WriteNestedResultsAsync();
        using var file = new ParquetFileReader(path);
        var root = file.FileMetaData.Schema.GroupNode;

        Assert.Equal(["objectId", "candid", "candidate", "prv_candidates", "cutoutScience", "separation_arcsec", "id"],
            root.Fields.Select(f => f.Name));
        var schema = file.FileMetaData.Schema;
        var columns = Enumerable.Range(0, schema.NumColumns).Select(schema.Column).ToDictionary(c => c.Path.ToDotString());

        AssertLeaf(columns["objectId"], PhysicalType.ByteArray, isString: true);
        AssertLeaf(columns["candid"], PhysicalType.Int64, isString: false);
        AssertLeaf(columns["candidate.magpsf"], PhysicalType.Float, isString: false);
        AssertLeaf(columns["candidate.jd"], PhysicalType.Double, isString: false);
        AssertLeaf(columns["candidate.ssnamenr"], PhysicalType.ByteArray, isString: true);
        AssertLeaf(columns["cutoutScience.fileName"], PhysicalType.ByteArray, isString: true);
        AssertLeaf(columns["cutoutScience.stampData"], PhysicalType.ByteArray, isString: false);
        AssertLeaf(columns["id"], PhysicalType.ByteArray, isString: true);
        AssertLeaf(columns["separation_arcsec"], PhysicalType.Double, isString: false);
        Assert.Contains(columns["separation_arcsec"].SchemaNode.Repetition, new[] { Repetition.Required, Repetition.Optional });
        Assert.Equal(0, columns["candidate.magpsf"].MaxRepetitionLevel);
        Assert.Equal(103, columns.Keys.Count(k => k.StartsWith("candidate.", StringComparison.Ordinal)));

        // pyarrow's LIST layout: <optional group prv_candidates (LIST)> / <repeated group list> / <element>.
        var list = (GroupNode)root.Fields.Single(f => f.Name == "prv_candidates");
        Assert.IsType<ListLogicalType>(list.LogicalType);
        Assert.Equal(Repetition.Optional, list.Repetition);
        var repeated = (GroupNode)Assert.Single(list.Fields);
        Assert.Equal(("list", Repetition.Repeated), (repeated.Name, repeated.Repetition));
        var element = (GroupNode)Assert.Single(repeated.Fields);
        Assert.Equal("element", element.Name);
        Assert.Equal(57, element.Fields.Length);
        var jd = columns["prv_candidates.list.element.jd"];
        Assert.Equal((PhysicalType.Double, 1), (jd.PhysicalType, jd.MaxRepetitionLevel));
    }

    [Fact]
    public async Task Values_read_back_equal_the_alerts_of_the_sample()
    {
        var path = await WriteNestedResultsAsync();
        var candid = ParquetSharpColumns.Read<long?>(path, "candid");
        var objectId = ParquetSharpColumns.Read<string?>(path, "objectId");
        var magpsf = ParquetSharpColumns.Read<float?>(path, "candidate.magpsf");
        var history = ParquetSharpColumns.Read<double?[]?>(path, "prv_candidates.list.element.jd");
        var stamp = ParquetSharpColumns.Read<byte[]?>(path, "cutoutScience.stampData");
        var separation = ParquetSharpColumns.Read<double>(path, "separation_arcsec");
        var id = ParquetSharpColumns.Read<string>(path, "id");

        var files = SampleFiles;
        var alertRow = ParquetSharpColumns.ReadAll<long?>(files, "candid").Select((c, i) => (c, i)).ToDictionary(x => x.c!.Value, x => x.i);
        var alertObjectId = ParquetSharpColumns.ReadAll<string?>(files, "objectId");
        var alertMagpsf = ParquetSharpColumns.ReadAll<float?>(files, "candidate.magpsf");
        var alertHistory = ParquetSharpColumns.ReadAll<double?[]?>(files, "prv_candidates.list.element.jd");
        var alertStamp = ParquetSharpColumns.ReadAll<byte[]?>(files, "cutoutScience.stampData");

        Assert.Equal(29, candid.Length);   // the brute-force count for 3HSP at 3600 arcsec (XmatchBruteForceTests)
        Assert.Contains(history, h => h is { Length: > 1 });
        for (var r = 0; r < candid.Length; r++)
        {
            var a = alertRow[candid[r]!.Value];
            Assert.Equal(alertObjectId[a], objectId[r]);
            Assert.Equal(alertMagpsf[a], magpsf[r]);
            Assert.Equal(alertHistory[a], history[r]);
            Assert.NotNull(stamp[r]);
            Assert.True(stamp[r]!.Length > 1000, $"a real cutout stamp, got {stamp[r]!.Length} bytes");
            Assert.Equal(alertStamp[a], stamp[r]);
            Assert.InRange(separation[r], 0, 3600);
            Assert.False(string.IsNullOrEmpty(id[r]));
        }
    }

    [Fact]
    public async Task Full_packet_results_open_with_every_alert_column()
    {
        var path = Path.Combine(_directory, "full.parquet");
        var options = new XmatchOptions(3600, MatchMode.Nearest, Packet: "full");
        await EngineRun.ToFileAsync(SampleRoot, ReferenceCatalogs.FourLac(), options, path);

        using var alerts = new ParquetFileReader(SampleFiles[0]);
        var alertColumns = alerts.FileMetaData.Schema.GroupNode.Fields.Select(f => f.Name).ToArray();
        using var file = new ParquetFileReader(path);
        // CONTRACT §3: objectId and candid first, then the other selected fields in alert order.
        Assert.Equal(["objectId", "candid", .. alertColumns.Except(["objectId", "candid"]), "separation_arcsec", "Source_Name"], file.FileMetaData.Schema.GroupNode.Fields.Select(f => f.Name));
        Assert.Equal(5, file.FileMetaData.NumRows);   // the brute-force count for 4LAC at 3600 arcsec
        // Spark's to_avro writes timestamps as strings; the Parquet results follow the same row schema.
        var timestamp = ParquetSharpColumns.Read<string?>(path, "timestamp");
        Assert.All(timestamp, t => Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", t!));
        Assert.All(ParquetSharpColumns.Read<byte[]?>(path, "cutoutDifference.stampData"), b => Assert.True(b is { Length: > 1000 }));
    }

    private static void AssertLeaf(ColumnDescriptor column, PhysicalType physical, bool isString)
    {
        Assert.Equal(physical, column.PhysicalType);
        if (isString) Assert.IsType<StringLogicalType>(column.LogicalType);
        else Assert.IsNotType<StringLogicalType>(column.LogicalType);
    }
}
