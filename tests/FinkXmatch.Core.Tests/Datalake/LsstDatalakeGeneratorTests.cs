using System.Text.Json.Nodes;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Datalake.Lsst;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.Datalake;

/// <summary>A small LSST datalake: one night under the v9.0 schema, one under v10.0, counterparts planted in both.</summary>
public sealed class GeneratedLsstDatalake : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "fxm-lsst-" + Guid.NewGuid().ToString("N"));

    public static DateOnly V9Night { get; } = new(2025, 12, 30);

    public static DateOnly V10Night { get; } = new(2026, 1, 1);

    public DatalakeGeneratorOptions Options(DateOnly night, string version) =>
        new(Root, night, Nights: 1, AlertsPerNight: 400, Seed: 3, CutoutBytes: 3000, RowGroupSize: 150, MaxHistory: 30,
            SurveyChoice: Survey.Lsst, LsstSchemaVersion: version);

    /// <summary>Southern positions (Rubin's sky) and two northern ones (planted anyway: the catalog decides).</summary>
    public IReadOnlyList<(double ra, double dec)> Sources { get; } =
        Enumerable.Range(0, 40).Select(i => (ra: i * 9.0 + 0.25, dec: -85.0 + i * 2.8)).Append((10.0, 45.0)).Append((200.0, 70.0)).ToArray();

    public List<PlantedAlert> Planted { get; } = [];

    public async Task InitializeAsync()
    {
        foreach (var (night, version) in new[] { (V9Night, "9.0"), (V10Night, "10.0") })
        {
            var generator = new DatalakeGenerator(Options(night, version));
            generator.Plant(Sources, fraction: 0.5, maxOffsetArcsec: 1.0);
            Planted.AddRange((await generator.GenerateAsync()).Planted);
        }
    }

    public string File(DateOnly night) => DatalakeLayout.Open(Root).Shards.Single(s => s.Name == night.ToString("yyyy-MM-dd")).Files.Single();

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Generated LSST nights read back with Apache Parquet C++ (ParquetSharp; pyarrow, the same library, has no Debian
/// bookworm package), with Parquet.Net and with the project's nested-field reader, against the real schema files.
/// </summary>
public sealed class LsstDatalakeGeneratorTests(GeneratedLsstDatalake lake) : IClassFixture<GeneratedLsstDatalake>
{
    private static string RealV10 => SampleFiles.Rubin;

    [Fact]
    public void The_v10_spark_schema_is_the_real_fink_file_schema()
    {
        // The raw Rubin v10.0 schema plus Fink's columns is, field for field, what Spark wrote into the 27 real alerts.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SparkSchema.RowMetadata(RealV10)), JsonNode.Parse(LsstAlertSchema.SparkJson("10.0"))));
        Assert.Equal(LsstAlertSchema.SparkJson("10.0"), SparkSchema.RowMetadata(lake.File(GeneratedLsstDatalake.V10Night)));
        Assert.Equal(LsstAlertSchema.SparkJson("9.0"), SparkSchema.RowMetadata(lake.File(GeneratedLsstDatalake.V9Night)));
    }

    [Fact]
    public void Leaf_columns_and_types_equal_the_real_files_per_version()
    {
        // v10.0: every leaf of the real Fink file, same path, physical and logical type, repetition.
        Assert.Equal(Leaves(RealV10), Leaves(lake.File(GeneratedLsstDatalake.V10Night)));
        // v9.0: the raw leaves of the v9.0 schema file, then Fink's (the real file's leaves after the cutouts).
        var fink = Leaves(RealV10).SkipWhile(l => !l.StartsWith("cutoutTemplate ", StringComparison.Ordinal)).Skip(1);
        Assert.Equal(Leaves(TestData.Path("lsst/schemas/lsst.v9_0.parquet")).Concat(fink), Leaves(lake.File(GeneratedLsstDatalake.V9Night)));
        Assert.Contains(Leaves(lake.File(GeneratedLsstDatalake.V9Night)), l => l.StartsWith("MPCORB.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parquet_net_reads_the_same_top_level_columns_and_kinds()
    {
        var real = await Parquet.ParquetReader.ReadSchemaAsync(RealV10);
        var generated = await Parquet.ParquetReader.ReadSchemaAsync(lake.File(GeneratedLsstDatalake.V10Night));
        Assert.Equal(real.Fields.Select(f => (f.Name, f.SchemaType)), generated.Fields.Select(f => (f.Name, f.SchemaType)));
        Assert.Equal(real.GetDataFields().Select(f => (f.Path.ToString(), f.ClrType, f.IsNullable)),
            generated.GetDataFields().Select(f => (f.Path.ToString(), f.ClrType, f.IsNullable)));
    }

    [Fact]
    public void Positions_are_on_rubins_sky_with_realistic_histories_cutouts_and_features()
    {
        foreach (var night in new[] { GeneratedLsstDatalake.V9Night, GeneratedLsstDatalake.V10Night })
        {
            var file = lake.File(night);
            var planted = lake.Planted.Where(p => p.Night == night).Select(p => p.Candid).ToHashSet();
            var ids = Read<long?>(file, "diaSourceId");
            var decs = Read<double?>(file, "diaSource.dec");
            Assert.Equal(400, ids.Length);
            Assert.All(Enumerable.Range(0, ids.Length).Where(i => !planted.Contains(ids[i]!.Value)), i => Assert.InRange(decs[i]!.Value, -90, 30));
            Assert.True(decs.Count(d => d < 0) > 1.6 * decs.Count(d => d > 0), "two thirds of Rubin's sky are south of the equator");
            Assert.All(Read<double?>(file, "diaSource.ra"), ra => Assert.InRange(ra!.Value, 0, 360));

            var history = Read<Nested<long?>?[]?>(file, "prvDiaSources.list.element.diaSourceId");
            Assert.All(history.Where(h => h is not null), h => Assert.InRange(h!.Length, 0, 30));
            Assert.True(history.Count(h => h is { Length: > 10 }) > 100, "tens of earlier detections are common");
            Assert.Contains(history, h => h is null);   // asteroids: no history
            Assert.Contains(Read<Nested<long?>?[]?>(file, "prvDiaForcedSources.list.element.diaForcedSourceId"), h => h is { Length: > 30 });

            var bands = Read<string[]?>(file, "lc_features.key_value.key");
            Assert.Contains(bands, b => b is { Length: > 1 });
            Assert.All(bands.Where(b => b is not null).SelectMany(b => b!), b => Assert.Contains(b, new[] { "u", "g", "r", "i", "z", "y" }));
            Assert.All(Read<byte[]?>(file, "cutoutScience"), c => Assert.Equal("SIMPLE  =", System.Text.Encoding.ASCII.GetString(c!, 0, 9)));
            Assert.All(Read<string?>(file, "lsst_schema_version"), v => Assert.Equal(night == GeneratedLsstDatalake.V9Night ? "lsst.v9_0" : "lsst.v10_0", v));
        }
    }

    [Fact]
    public void Planted_counterparts_are_at_the_catalog_positions()
    {
        var planted = lake.Planted;
        Assert.InRange(planted.Count, 20, 65);   // half of 42 in each of two nights, give or take
        foreach (var p in planted)
        {
            var source = lake.Sources[p.SourceIndex];
            Assert.InRange(ZtfSeparation(source, p), 0, 1.0);
            Assert.Equal(ZtfSeparation(source, p), p.SeparationArcsec, 1e-6);
            var row = 150 * p.RowGroup + p.Row;
            Assert.Equal(p.Candid, Read<long?>(p.File, "diaSourceId")[row]);
            Assert.Equal(p.Ra, Read<double?>(p.File, "diaSource.ra")[row]);
            Assert.Equal(p.Dec, Read<double?>(p.File, "diaSource.dec")[row]);
            Assert.Equal(long.Parse(p.ObjectId, System.Globalization.CultureInfo.InvariantCulture), Read<long?>(p.File, "diaSource.diaObjectId")[row]);
        }
        Assert.Contains(planted, p => p.Dec > 30);   // a northern source is planted too: the catalog decides, not the footprint
    }

    [Fact]
    public async Task Nested_columns_read_back_through_the_projects_reader()
    {
        var (schema, rows) = await NestedFieldReader.ReadAsync(lake.File(GeneratedLsstDatalake.V10Night), ["diaSource", "prvDiaSources", "lc_features", "brokerEndProcessTimestamp"]);
        Assert.Equal(AlertFieldKind.Map, schema.Find("lc_features").Kind);
        var history = Read<Nested<long?>?[]?>(lake.File(GeneratedLsstDatalake.V10Night), "prvDiaSources.list.element.diaSourceId");
        var bands = Read<string[]?>(lake.File(GeneratedLsstDatalake.V10Night), "lc_features.key_value.key");
        for (var r = 0; r < rows.Rows.Count; r++)
        {
            var source = Assert.IsType<AlertRecord>(rows["diaSource"].Values[r]);
            Assert.IsType<double>(source["midpointMjdTai"]);
            Assert.Equal(history[r]?.Select(h => h?.Value), ((IReadOnlyList<object?>?)rows["prvDiaSources"].Values[r])?.Select(e => (long?)((AlertRecord)e!)["diaSourceId"]));
            Assert.Equal(bands[r], ((IReadOnlyList<KeyValuePair<string, object?>>?)rows["lc_features"].Values[r])?.Select(e => e.Key));
            Assert.IsType<DateTime>(rows["brokerEndProcessTimestamp"].Values[r]);
        }
    }

    [Fact]
    public async Task Ztf_remains_the_default_and_no_cutouts_means_null_cutouts_for_lsst()
    {
        Assert.Equal(Survey.Ztf, new DatalakeGeneratorOptions("x", default, 1, 1).Survey);
        var root = Path.Combine(Path.GetTempPath(), "fxm-lsst-nocut-" + Guid.NewGuid().ToString("N"));
        try
        {
            await new DatalakeGenerator(new DatalakeGeneratorOptions(root, GeneratedLsstDatalake.V10Night, 1, 50, CutoutBytes: 0, SurveyChoice: Survey.Lsst)).GenerateAsync();
            var file = DatalakeLayout.Open(root).Shards[0].Files[0];
            Assert.All(Read<byte[]?>(file, "cutoutDifference"), Assert.Null);
        }
        finally { Directory.Delete(root, recursive: true); }
        Assert.Throws<ArgumentException>(() => new DatalakeGenerator(new DatalakeGeneratorOptions(root, default, 1, 1, SurveyChoice: Survey.Lsst, LsstSchemaVersion: "7.4")));
    }

    private static double ZtfSeparation((double ra, double dec) source, PlantedAlert p) => ZtfSkySampler.SeparationArcsec(source.ra, source.dec, p.Ra, p.Dec);

    // "path physical logical repetition" for every leaf, in file order. Parquet.Net annotates integers with their width
    // where Spark writes no annotation (same physical type and meaning), so only other annotations (strings) are kept.
    private static List<string> Leaves(string file)
    {
        using var reader = new ParquetFileReader(file);
        var schema = reader.FileMetaData.Schema;
        return Enumerable.Range(0, schema.NumColumns).Select(i => schema.Column(i))
            .Select(c => $"{c.Path.ToDotString()} {c.PhysicalType} {(c.LogicalType.Type == LogicalTypeEnum.Int ? "None" : c.LogicalType)} rep={c.MaxRepetitionLevel}")
            .ToList();
    }

    private static T[] Read<T>(string file, string path) => Results.ParquetSharpColumns.Read<T>(file, path);
}
