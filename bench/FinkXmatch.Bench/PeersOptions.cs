using System.Globalization;
using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Bench;

/// <summary>
/// What <c>bench/run.sh peers</c> runs. Each (catalog size, radius) is measured on one night and on all
/// <see cref="Nights"/>; <see cref="Skip"/> leaves out the (size, radius) pairs too slow for the peer (DuckDB's zone
/// join at 60" enumerates every source of three 60" zones per alert: about 10 times the 1 M-source time at 10 M).
/// </summary>
internal sealed record PeersOptions(int Nights, int AlertsPerNight, int[] CatalogSizes, double[] Radii, Survey[] Surveys, int Repeats,
    (int Sources, double Radius)[] Skip, int StartupRepeats, int Threads)
{
    public static PeersOptions Parse(string[] args)
    {
        var o = new PeersOptions(20, 250_000, [75_000, 1_000_000, 10_000_000], [1.5, 60], [Survey.Ztf, Survey.Lsst], 3,
            [(10_000_000, 60)], 5, 2);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            var v = args[i + 1];
            o = args[i] switch
            {
                "--nights" => o with { Nights = Int(v) },
                "--alerts-per-night" => o with { AlertsPerNight = Int(v) },
                "--catalogs" => o with { CatalogSizes = v.Split(',').Select(Int).ToArray() },
                "--radii" => o with { Radii = v.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray() },
                "--survey" => o with { Surveys = v is "both" ? [Survey.Ztf, Survey.Lsst] : Survey.TryParse(v, out var survey) ? [survey] : throw new BenchUsageException($"--survey takes ztf, lsst or both, not {v}") },
                "--repeats" => o with { Repeats = Int(v) },
                "--skip" => o with { Skip = v is "none" ? [] : v.Split(',').Select(ParseSkip).ToArray() },
                "--startup-repeats" => o with { StartupRepeats = Int(v) },
                "--threads" => o with { Threads = Int(v) },
                _ => throw new BenchUsageException($"unknown option {args[i]}: --survey --nights --alerts-per-night --catalogs --radii --repeats --skip --startup-repeats --threads"),
            };
        }
        if (o.Nights < 2) throw new BenchUsageException("--nights must be at least 2 (the marginal rate is all nights minus one)");
        return o;
    }

    public bool Skips(int sources, double radius) => Skip.Any(s => s.Sources == sources && s.Radius == radius);

    /// <summary>The datalake of a survey: <see cref="Nights"/> x <see cref="AlertsPerNight"/> alerts as the crossmatch benchmark writes them.</summary>
    public (string Name, Core.Synthetic.DatalakeGeneratorOptions Options) Datalake(Survey survey) =>
        new XmatchBenchOptions(Nights, AlertsPerNight, 0, CatalogSizes, Radii, Repeats, Threads, Surveys: [survey], LsstCutoutAlerts: 0).Datalakes().Single();

    private static int Int(string v) => int.Parse(v, CultureInfo.InvariantCulture);

    // "10000000@60"
    private static (int, double) ParseSkip(string v)
    {
        var parts = v.Split('@');
        return parts.Length == 2 ? (Int(parts[0]), double.Parse(parts[1], CultureInfo.InvariantCulture))
            : throw new BenchUsageException($"--skip takes SOURCES@RADIUS,... or none, not {v}");
    }
}
