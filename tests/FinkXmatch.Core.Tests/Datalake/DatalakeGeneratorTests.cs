using System.Security.Cryptography;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using Parquet;

namespace FinkXmatch.Core.Tests.Datalake;

/// <summary>One small generated datalake shared by the generator tests (2 nights x 2 files x row groups of 1000).</summary>
public sealed class GeneratedDatalake : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "fxm-gen-" + Guid.NewGuid().ToString("N"));

    public DatalakeGeneratorOptions Options => new(Root, new DateOnly(2024, 12, 31), Nights: 2, AlertsPerNight: 3500, Seed: 7,
        CutoutBytes: 0, RowGroupSize: 1000, AlertsPerFile: 2000, MaxHistory: 6);

    public IReadOnlyList<(double ra, double dec)> Sources { get; } =
        Enumerable.Range(0, 60).Select(i => (ra: i * 6.0 + 0.5, dec: -25.0 + i)).ToArray();

    public DatalakeGenerationResult Result { get; private set; } = null!;

    public int Chosen { get; private set; }

    public async Task InitializeAsync()
    {
        var generator = new DatalakeGenerator(Options);
        Chosen = generator.Plant(Sources, fraction: 0.5, maxOffsetArcsec: 1.5);
        Result = await generator.GenerateAsync();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class DatalakeGeneratorTests(GeneratedDatalake lake) : IClassFixture<GeneratedDatalake>
{
    [Fact]
    public void WritesTheNightLayoutWithSeveralFilesPerNight()
    {
        var layout = DatalakeLayout.Open(lake.Root);
        Assert.Equal(["2024-12-31", "2025-01-01"], layout.Shards.Select(s => s.Name));
        Assert.All(layout.Shards, s => Assert.Equal(["part-00000.snappy.parquet", "part-00001.snappy.parquet"], s.Files.Select(Path.GetFileName)));
        Assert.Equal(7000, lake.Result.Alerts);
        Assert.Equal(4, lake.Result.Files);
        Assert.Equal(layout.Shards.SelectMany(s => s.Files).Sum(f => new FileInfo(f).Length), lake.Result.Bytes);
    }

    [Fact]
    public async Task SchemaIsTheRealSampleSchema()
    {
        var file = DatalakeLayout.Open(lake.Root).Shards[0].Files[0];
        var generated = await AlertSchema.ReadAsync(file);
        var real = await AlertSchema.ReadAsync(SampleFiles.Part2);
        Assert.Equal(Describe(real), Describe(generated));
        Assert.Equal(SparkSchema.RowMetadata(SampleFiles.Part2), SparkSchema.RowMetadata(file));

        // Parquet.Net annotates integers with INT_32/INT_64 where Spark writes none: same physical type and meaning,
        // so only the UTF8 annotation (string versus binary) is compared.
        static IEnumerable<string> Describe(AlertSchema schema) =>
            schema.AllFields.Select(f => $"{f.Path} {f.TypeName} {f.IsNullable} {f.ParquetField.MaxDefinitionLevel} " +
                                         $"{f.ParquetField.MaxRepetitionLevel} {f.ParquetField.SchemaElement?.Type} " +
                                         $"{f.ParquetField.SchemaElement?.ConvertedType == Parquet.Meta.ConvertedType.UTF8} {f.ParquetField.Path}");
    }

    [Fact]
    public async Task FilesAreReadableByTheHighLevelReaderWithPlausibleValues()
    {
        var file = DatalakeLayout.Open(lake.Root).Shards[1].Files[1];
        var rows = ReferenceRows.Read(file);
        Assert.Equal(1500, rows.Count);
        var night = 1721425.5 + new DateOnly(2025, 1, 1).DayNumber;
        Assert.All(rows, row =>
        {
            Assert.InRange((double)ReferenceRows.At(row, "candidate.jd")!, night, night + 1);
            Assert.Equal((long)row["candid"], (long)ReferenceRows.At(row, "candidate.candid")!);
            Assert.Matches("^ZTF25[a-z]{7}$", (string)row["objectId"]);
            Assert.InRange((float)ReferenceRows.At(row, "candidate.magpsf")!, 10f, 25f);
            Assert.Contains((int)ReferenceRows.At(row, "candidate.fid")!, new[] { 1, 2 });
            Assert.Equal(16, ((byte[])ReferenceRows.At(row, "cutoutScience.stampData")!).Length);
        });
        Assert.Equal(rows.Count, rows.Select(r => (long)r["candid"]).Distinct().Count());
        // Histories: some alerts without, some with upper limits (null magpsf, defined diffmaglim).
        var histories = rows.Select(r => ReferenceRows.At(r, "prv_candidates") as System.Collections.IList).ToArray();
        Assert.Contains(histories, h => h is null);
        var entries = histories.OfType<System.Collections.IList>().SelectMany(h => h.Cast<object>()).ToArray();
        Assert.Contains(entries, e => ReferenceRows.Member(e, "magpsf") is null && ReferenceRows.Member(e, "diffmaglim") is float);
        Assert.Contains(entries, e => ReferenceRows.Member(e, "magpsf") is float);
    }

    [Fact]
    public async Task PositionsCoverTheZtfSkyDenserNearTheGalacticPlane()
    {
        var positions = new List<(double Ra, double Dec)>();
        var planted = lake.Result.Planted.Select(p => (p.Ra, p.Dec)).ToHashSet();
        await new ShardScanner().ScanAsync(DatalakeLayout.Open(lake.Root).Shards.SelectMany(s => s.Files), (_, batch, _) =>
        {
            for (var i = 0; i < batch.Count; i++) positions.Add((batch.Ra[i], batch.Dec[i]));
            return ValueTask.CompletedTask;
        });
        Assert.Equal(7000, positions.Count);
        var field = positions.Where(p => !planted.Contains(p)).ToArray();
        Assert.All(field, p => Assert.InRange(p.Ra, 0, 360));
        Assert.All(field, p => Assert.InRange(p.Dec, -31, 90));
        Assert.Contains(field, p => p.Dec < -25);
        Assert.Contains(field, p => p.Dec > 80);
        // Alerts per unit solid angle, |b| < 10 against |b| > 40 (both bands' areas within dec > -31 estimated by Monte Carlo).
        var random = new Random(1);
        var uniform = Enumerable.Range(0, 200_000).Select(_ => (360 * random.NextDouble(), Math.Asin(random.NextDouble() * 2 - 1) * 180 / Math.PI))
            .Where(p => p.Item2 > -31).Select(p => Math.Abs(GalacticLatitude(p.Item1, p.Item2))).ToArray();
        double Share(IEnumerable<double> b, Func<double, bool> band) => b.Count(band) / (double)b.Count();
        var lats = field.Select(p => Math.Abs(GalacticLatitude(p.Ra, p.Dec))).ToArray();
        var plane = Share(lats, b => b < 10) / Share(uniform, b => b < 10);
        var high = Share(lats, b => b > 40) / Share(uniform, b => b > 40);
        Assert.True(plane > 2 * high, $"plane density {plane:F2} vs high latitude {high:F2}");
    }

    [Fact]
    public async Task PlantedCounterpartsAreWhereTheReportSays()
    {
        var planted = lake.Result.Planted;
        Assert.Equal(lake.Chosen, planted.Count);
        Assert.InRange(planted.Count, 15, 45);                       // half of 60, give or take
        Assert.Equal(planted.Count, planted.Select(p => p.SourceIndex).Distinct().Count());
        foreach (var p in planted)
        {
            var source = lake.Sources[p.SourceIndex];
            var separation = Separation(source.ra, source.dec, p.Ra, p.Dec);
            Assert.InRange(separation, 0, 1.5);
            Assert.Equal(separation, p.SeparationArcsec, 1e-6);
            await using var file = await AlertFile.OpenAsync(p.File);
            var batch = new PositionBatch();
            await file.ReadPositionsAsync(p.RowGroup, batch, ScanColumns.Candid | ScanColumns.ObjectId);
            Assert.Equal((p.Ra, p.Dec, p.Candid, p.ObjectId), (batch.Ra[p.Row], batch.Dec[p.Row], batch.Candid[p.Row], batch.ObjectId[p.Row]));
            Assert.Contains($"year={p.Night.Year:D4}{Path.DirectorySeparatorChar}month={p.Night.Month:D2}", p.File);
        }
    }

    [Fact]
    public async Task SameSeedSameFiles()
    {
        var root = Path.Combine(Path.GetTempPath(), "fxm-gen-seed-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = lake.Options with { Root = root, Nights = 1, AlertsPerNight = 1200 };
            await new DatalakeGenerator(options).GenerateAsync();
            var first = Hash(root);
            await new DatalakeGenerator(options).GenerateAsync();
            Assert.Equal(first, Hash(root));
            await new DatalakeGenerator(options with { Seed = 8 }).GenerateAsync();
            Assert.NotEqual(first, Hash(root));
        }
        finally { Directory.Delete(root, recursive: true); }

        static string Hash(string root) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(
            DatalakeLayout.Open(root).Shards[0].Files[0])));
    }

    [Fact]
    public async Task RealSizeCutoutsByDefault()
    {
        var root = Path.Combine(Path.GetTempPath(), "fxm-gen-cut-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await new DatalakeGenerator(new DatalakeGeneratorOptions(root, new DateOnly(2025, 7, 1), 1, 100)).GenerateAsync();
            await using var file = await AlertFile.OpenAsync(DatalakeLayout.Open(root).Shards[0].Files[0]);
            var stamps = await file.ReadRowsAsync(0, [0, 99], (await file.GetSchemaAsync()).Resolve(["cutoutTemplate.stampData"]));
            Assert.All(stamps.Fields[0].Values, v => Assert.Equal(DatalakeGeneratorOptions.RealCutoutBytes, ((byte[])v!).Length));
            Assert.InRange(result.Bytes / 100, 3 * DatalakeGeneratorOptions.RealCutoutBytes, 5 * DatalakeGeneratorOptions.RealCutoutBytes);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void DefaultRowGroupsAreSizedLikeSparkBlocks()
    {
        var real = new DatalakeGeneratorOptions("x", new DateOnly(2025, 1, 1), 1, 1);
        Assert.InRange(real.EffectiveRowGroupSize, 2000, 4000);     // ~128 MB of ~40 kB alerts
        Assert.InRange((real with { CutoutBytes = 0 }).EffectiveRowGroupSize, 20_000, 131_072);
        Assert.Equal(1000, lake.Options.EffectiveRowGroupSize);
    }

    private static double Separation(double ra1, double dec1, double ra2, double dec2)
    {
        // Vincenty formula: independent of the generator's haversine.
        const double rad = Math.PI / 180;
        var dra = (ra2 - ra1) * rad;
        double s1 = Math.Sin(dec1 * rad), c1 = Math.Cos(dec1 * rad), s2 = Math.Sin(dec2 * rad), c2 = Math.Cos(dec2 * rad);
        var num = Math.Sqrt(Math.Pow(c2 * Math.Sin(dra), 2) + Math.Pow(c1 * s2 - s1 * c2 * Math.Cos(dra), 2));
        return Math.Atan2(num, s1 * s2 + c1 * c2 * Math.Cos(dra)) / rad * 3600;
    }

    private static double GalacticLatitude(double ra, double dec)
    {
        // Rotation matrix ICRS -> Galactic (Hipparcos), independent of the sampler's pole formula.
        const double rad = Math.PI / 180;
        double x = Math.Cos(dec * rad) * Math.Cos(ra * rad), y = Math.Cos(dec * rad) * Math.Sin(ra * rad), z = Math.Sin(dec * rad);
        var zg = -0.8676661490 * x - 0.1980763734 * y + 0.4559837762 * z;   // the Galactic pole's row
        return Math.Asin(zg) / rad;
    }
}
