using System.Globalization;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;

namespace FinkXmatch.Cli.Tests;

/// <summary>
/// Files the command-line tests share: a generated datalake of 2 nights (2025-07-01, 2025-07-02) with a planted
/// counterpart of every source of a small CSV catalog, and bad catalogs (random bytes, duplicate ids, RA out of range).
/// </summary>
public sealed class CliWorkspace : IAsyncLifetime
{
    public const int Sources = 120;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "fxm-cli-" + Guid.NewGuid().ToString("N"));

    public string Lake => Path.Combine(Directory, "lake");

    public string Catalog => Path.Combine(Directory, "catalog.csv");

    /// <summary>The real Rubin night of tests/data/lsst as an LSST datalake of one night.</summary>
    public string LsstDatalake => Path.Combine(Directory, "lsst-lake");

    public string GarbageFits => Path.Combine(Directory, "garbage.fits");

    public string GarbageCsv => Path.Combine(Directory, "garbage.csv");

    public string DuplicateIds => Path.Combine(Directory, "duplicate-ids.csv");

    public string RaOutOfRange => Path.Combine(Directory, "ra-out-of-range.csv");

    public string Unguessable => Path.Combine(Directory, "unguessable.tsv");

    public string NewOutput() => Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".parquet");

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var rng = new Random(20251124);
        var positions = Enumerable.Range(0, Sources).Select(_ => (ra: rng.NextDouble() * 360, dec: rng.NextDouble() * 100 - 20)).ToArray();
        await File.WriteAllLinesAsync(Catalog, positions
            .Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"S{i + 1},{p.ra:R},{p.dec:R}"))
            .Prepend("name,ra,dec"));

        var generator = new DatalakeGenerator(new DatalakeGeneratorOptions(Lake, new DateOnly(2025, 7, 1), Nights: 2,
            AlertsPerNight: 2500, Seed: 5, CutoutBytes: 0, RowGroupSize: 1000, MaxHistory: 3));
        generator.Plant(positions, fraction: 1, maxOffsetArcsec: 1);
        await generator.GenerateAsync();
        var night = Path.Combine(LsstDatalake, "year=2026", "month=01", "day=01");
        System.IO.Directory.CreateDirectory(night);
        File.Copy(TestData.Path("lsst/rubin_test_data_10_0.parquet"), Path.Combine(night, "part-00000.snappy.parquet"));

        var garbage = new byte[4096];
        rng.NextBytes(garbage);
        await File.WriteAllBytesAsync(GarbageFits, garbage);
        await File.WriteAllBytesAsync(GarbageCsv, garbage);
        await File.WriteAllLinesAsync(DuplicateIds, ["name,ra,dec", "A,10,20", "B,11,21", "A,12,22"]);
        await File.WriteAllLinesAsync(RaOutOfRange, ["name,ra,dec", "A,10,20", "B,400,21"]);
        await File.WriteAllLinesAsync(Unguessable, ["label\tx\ty", "A\t10.5\t20", "B\t11\t-21"]);
    }

    /// <summary>A valid xmatch command line on the workspace's datalake and catalog, plus <paramref name="extra"/>.</summary>
    public string[] Xmatch(params string[] extra) => [.. XmatchWithoutRadius(extra), "--radius-arcsec", "2"];

    /// <summary>The same without <c>--radius-arcsec</c>.</summary>
    public string[] XmatchWithoutRadius(params string[] extra) =>
    [
        "xmatch", "--datalake", Lake, "--catalog", Catalog, "--ra-column", "ra", "--dec-column", "dec", "--id-column", "name",
        "--out", NewOutput(), .. extra,
    ];

    /// <summary>A valid xmatch command line on another catalog file (columns guessed).</summary>
    public string[] XmatchCatalog(string catalog, params string[] extra) =>
        ["xmatch", "--datalake", Lake, "--catalog", catalog, "--radius-arcsec", "2", "--out", NewOutput(), .. extra];

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
