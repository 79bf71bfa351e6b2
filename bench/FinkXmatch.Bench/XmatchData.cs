using System.Globalization;
using System.Text.Json;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;

namespace FinkXmatch.Bench;

/// <summary>A generated datalake of the crossmatch benchmark and the alerts planted into it.</summary>
internal sealed record BenchDatalake(string Name, string Root, Survey Survey, long Alerts, int Nights, long Bytes, int RowGroupSize,
    int CutoutBytes, int MaxHistory, TimeSpan Generation, IReadOnlyList<PlantedAlert> Planted)
{
    /// <summary>The variant with real-size cutouts in Spark-sized row groups.</summary>
    public bool Cutouts => CutoutBytes > 0;
}

/// <summary>
/// The crossmatch benchmark's inputs, generated once into the cache (a marker file records what was written, so a
/// changed recipe regenerates). Catalogs are built in memory from a seed: loading them from files is
/// <see cref="CatalogCsvBenchmark"/>'s subject, not this one's.
/// </summary>
internal static class XmatchData
{
    /// <summary>Positions every catalog starts with; each has one alert planted within <see cref="PlantOffsetArcsec"/>.</summary>
    public const int PlantedSources = 7_500;

    public const double PlantOffsetArcsec = 1.0;

    private static readonly DateOnly FirstNight = new(2024, 1, 1);

    // Changes when the LSST synthesizer's output does, so that cached LSST datalakes are written again.
    private const string LsstRecipe = "lsst-columnwise-1";

    /// <summary>The positions planted into every datalake: uniform over the sphere, seed 7.</summary>
    public static (double[] Ra, double[] Dec) PlantedPositions() => RandomSky(PlantedSources, 7);

    /// <summary>
    /// A catalog of <paramref name="count"/> sources: the planted positions first, then uniform random positions over the
    /// whole sphere (seed 11), identified as <c>S000000001</c>...
    /// </summary>
    public static SourceCatalog Catalog(int count)
    {
        var (pra, pdec) = PlantedPositions();
        var (rra, rdec) = RandomSky(count - PlantedSources, 11);
        var ra = new double[count];
        var dec = new double[count];
        pra.CopyTo(ra, 0);
        pdec.CopyTo(dec, 0);
        rra.CopyTo(ra, PlantedSources);
        rdec.CopyTo(dec, PlantedSources);
        var ids = new string[count];
        for (var i = 0; i < count; i++) ids[i] = string.Create(CultureInfo.InvariantCulture, $"S{i:D9}");
        return new SourceCatalog($"random_{count}", "source_id", ra, dec, ids);
    }

    public static async Task<BenchDatalake> DatalakeAsync(string cacheDir, string name, DatalakeGeneratorOptions options)
    {
        var root = Path.Combine(cacheDir, name);
        var marker = Path.Combine(root, "bench-datalake.json");
        var recipe = JsonSerializer.Serialize(options with { Root = "" }) + (options.Survey == Survey.Ztf ? "" : " " + LsstRecipe);
        if (File.Exists(marker))
        {
            var stored = JsonSerializer.Deserialize<Marker>(await File.ReadAllTextAsync(marker))!;
            if (stored.Recipe == recipe) return stored.ToDatalake(name, root, options);
            Console.Error.WriteLine($"{name}: recipe changed, regenerating");
        }
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        Console.Error.WriteLine($"generating {name}: {options.Nights} nights x {options.AlertsPerNight:N0} alerts, " +
            $"cutouts {options.CutoutBytes} B, history <= {options.MaxHistory}, row groups {options.EffectiveRowGroupSize:N0} (once, into {root}) ...");
        var generator = new DatalakeGenerator(options with { Root = root });
        var (ra, dec) = PlantedPositions();
        generator.Plant(ra.Zip(dec).ToArray(), 1.0, PlantOffsetArcsec);
        var result = await generator.GenerateAsync();
        var m = new Marker(recipe, result.Alerts, result.Bytes, result.Elapsed.TotalSeconds, result.Planted.ToArray());
        await File.WriteAllTextAsync(marker, JsonSerializer.Serialize(m));
        Console.Error.WriteLine($"  {result.Alerts:N0} alerts, {Measure.MiB(result.Bytes)}, {result.Elapsed.TotalSeconds:F0} s");
        return m.ToDatalake(name, root, options);
    }

    private static (double[] Ra, double[] Dec) RandomSky(int count, int seed)
    {
        var rng = new Random(seed);
        var ra = new double[count];
        var dec = new double[count];
        for (var i = 0; i < count; i++)
        {
            ra[i] = rng.NextDouble() * 360;
            dec[i] = Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI;
        }
        return (ra, dec);
    }

    private sealed record Marker(string Recipe, long Alerts, long Bytes, double Seconds, PlantedAlert[] Planted)
    {
        public BenchDatalake ToDatalake(string name, string root, DatalakeGeneratorOptions o) => new(name, root, o.Survey, Alerts, o.Nights, Bytes,
            o.EffectiveRowGroupSize, o.CutoutBytes, o.MaxHistory, TimeSpan.FromSeconds(Seconds), Planted);
    }
}
