using System.Diagnostics;
using System.Globalization;
using System.Text;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Bench;

/// <summary>
/// <c>bench/run.sh match [NIGHTS] [CATALOGS] [RADII]</c>: the match stage alone (<see cref="CrossMatcher.Match"/>),
/// one thread, over the positions of the first nights of the cached 100-night datalake held in memory, in its row
/// groups. What the end-to-end benchmark's "match" share measures, without the disk, the materialization and the
/// writing around it, so changes to the index can be compared with less noise.
/// </summary>
internal static class MatchBenchmark
{
    private const int Repeats = 9;

    /// <summary>
    /// Times <paramref name="run"/> (one pass over every alert) until <see cref="Repeats"/> runs follow the warm-up;
    /// returns the measured runs in ns per alert and what the last run counted.
    /// </summary>
    private static (List<double> Times, long Counted) MeasuredRuns(Func<long> run, long alerts)
    {
        var times = new List<double>();
        var warmup = new Warmup();
        long counted = 0;
        while (times.Count < Repeats)
        {
            var clock = Stopwatch.StartNew();
            counted = run();
            var nsPerAlert = clock.Elapsed.TotalSeconds * 1e9 / alerts;
            if (warmup.Settled(nsPerAlert)) times.Add(nsPerAlert);
        }
        return (times, counted);
    }

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);

    /// <summary>
    /// The RA/Dec cell mask's filter alone over the same blocks of 256 alerts as the matcher (median of
    /// <see cref="Repeats"/>) and the share of alerts it keeps: what a lookup costs before the index is touched.
    /// </summary>
    private static (double NsPerAlert, double Kept) MaskAlone(SkyCellMask mask, List<(double[] Ra, double[] Dec)> groups, long alerts)
    {
        var kept = new int[256];
        var (times, survivors) = MeasuredRuns(() =>
        {
            long count = 0;
            foreach (var (ra, dec) in groups)
                for (var first = 0; first < ra.Length; first += kept.Length)
                {
                    var n = Math.Min(kept.Length, ra.Length - first);
                    count += mask.Filter(ra.AsSpan(first, n), dec.AsSpan(first, n), kept);
                }
            return count;
        }, alerts);
        return (Median(times), (double)survivors / alerts);
    }

    private static string MaskColumns(SkyCellMask? mask, double nsPerAlert, double kept) => mask is null
        ? "none | - | -"
        : string.Create(CultureInfo.InvariantCulture, $"{mask.CellsPerDegree}/degree, {mask.MemoryBytes / 1048576.0:0.#} MiB | {kept:P2} | {nsPerAlert:F1}");

    public static async Task<string> RunAsync(string cacheDir, string[] args)
    {
        var nights = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var sizes = args.Length > 2 ? args[2].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [75_000, 1_000_000, 10_000_000];
        var radii = args.Length > 3 ? args[3].Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [1.5, 60];
        var datalake = await XmatchData.DatalakeAsync(cacheDir, "datalake-100x100000", new DatalakeGeneratorOptions("", new DateOnly(2024, 1, 1),
            100, 100_000, CutoutBytes: 0, MaxHistory: 2, RowGroupSize: 46_000));
        var groups = new List<(double[] Ra, double[] Dec)>();
        var scanner = new ShardScanner();
        foreach (var shard in DatalakeLayout.Open(datalake.Root).Shards.Take(nights))
            await scanner.ScanAsync(shard, (_, batch, _) =>
            {
                groups.Add((batch.Ra.ToArray(), batch.Dec.ToArray()));
                return ValueTask.CompletedTask;
            });
        var alerts = groups.Sum(g => (long)g.Ra.Length);
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{alerts:N0} alerts ({nights} nights, {groups.Count} row groups), one thread, median of {Repeats} after warm-up runs"));
        text.AppendLine();
        text.AppendLine("| sources | radius | fine order | index | matches | cell mask | kept by the mask | mask alone, ns/alert | match, ns/alert (runs) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var matches = new List<AlertMatch>(1 << 16);
        foreach (var size in sizes)
        {
            var catalog = XmatchData.Catalog(size);
            foreach (var radius in radii)
            {
                var index = HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, radius);
                var matcher = new CrossMatcher(index, MatchMode.Nearest);
                var (times, found) = MeasuredRuns(() =>
                {
                    long count = 0;
                    foreach (var (ra, dec) in groups)
                    {
                        matches.Clear();
                        count += matcher.Match(ra, dec, matches);
                    }
                    return count;
                }, alerts);
                var (maskNs, kept) = index.CellMask is { } mask ? MaskAlone(mask, groups, alerts) : (double.NaN, double.NaN);
                var row = string.Create(CultureInfo.InvariantCulture,
                    $"| {size:N0} | {radius}\" | {index.FineOrder} | {Measure.MiB(index.MemoryBytes)} | {found:N0} | {MaskColumns(index.CellMask, maskNs, kept)} | {Median(times):F1} ({string.Join(" ", times.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))}) |");
                Console.Error.WriteLine(row);
                text.AppendLine(row);
            }
        }
        return text.ToString();
    }
}
