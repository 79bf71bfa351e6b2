using System.Diagnostics;
using System.Globalization;
using System.Text;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.SkySearch;
using FinkXmatch.Core.Synthetic;

namespace FinkXmatch.Bench;

/// <summary>
/// bench/run.sh conesearch [--nights N] [--alerts-per-night N] [--queries Q] [--radius ARCSEC] [--xmatch-sources N,N,...] [--repeats R]: builds the sky index of a
/// generated ZTF datalake (build rate, bytes per alert), then times cone searches at alert positions of random nights:
/// cold (a new index store per query: every night's index footer opened again; the files in the page cache) and warm
/// (one store for all queries), median and p99, each checked against a brute-force look at the index rows.
/// </summary>
internal static class ConeSearchBenchmark
{
    public static async Task<string> RunAsync(string cacheDir, string[] args)
    {
        int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        var nights = Option("--nights", 100);
        var perNight = Option("--alerts-per-night", 100_000);
        var queries = Option("--queries", 200);
        var radius = Option("--radius", 5);
        var datalake = await XmatchData.DatalakeAsync(cacheDir, $"conesearch-ztf-{nights}x{perNight}",
            new DatalakeGeneratorOptions("", new DateOnly(2025, 1, 1), nights, perNight, Seed: 21, CutoutBytes: 0, MaxHistory: 0));
        var shards = DatalakeLayout.Open(datalake.Root).Shards;

        var indexDir = Path.Combine(cacheDir, $"conesearch-index-{Guid.NewGuid():N}");
        try
        {
            var store = new SkyIndexStore(indexDir);
            var clock = Stopwatch.StartNew();
            long bytes = 0, alerts = 0;
            foreach (var night in shards)
            {
                var index = await store.GetAsync(Survey.Ztf, night);
                bytes += index.FileBytes;
                alerts += index.Header.Indexed;
            }
            var build = clock.Elapsed.TotalSeconds;

            // Centres: positions of alerts of random nights (so that a cone finds at least the alert itself).
            var random = new Random(3);
            var centres = new List<(double Ra, double Dec)>();
            for (var q = 0; q < queries; q++)
            {
                var rows = new List<IndexedAlert>();
                var index = await store.GetAsync(Survey.Ztf, shards[random.Next(shards.Count)]);
                var group = index.RowGroups[random.Next(index.RowGroups.Count)];
                index.Read(CellRanges.Of([group.MinCell]), rows);
                var alert = rows[random.Next(rows.Count)];
                centres.Add((alert.Ra, alert.Dec));
            }

            var warm = new SkySearcher(store);
            await warm.SearchAsync(datalake.Root, Survey.Ztf, new ConeShape(centres[0].Ra, centres[0].Dec, radius), null, null);
            var (warmTimes, warmFound, warmCpu) = await TimeAsync(centres, radius, () => warm, datalake.Root);
            var (coldTimes, coldFound, coldCpu) = await TimeAsync(centres, radius, () => new SkySearcher(new SkyIndexStore(indexDir)), datalake.Root);
            if (warmFound != coldFound) throw new InvalidOperationException($"warm and cold searches found {warmFound} and {coldFound} alerts");

            var s = new StringBuilder();
            s.AppendLine(CultureInfo.InvariantCulture, $"Sky index of {shards.Count} nights x {perNight:N0} ZTF alerts ({alerts:N0} alerts): built in {build:F1} s " +
                $"({alerts / build:N0} alerts/s), {bytes:N0} bytes on disk, {(double)bytes / alerts:F1} bytes per alert.");
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"Load average at the end: {LoadAverage()} on {Environment.ProcessorCount} cores.");
            s.AppendLine();
            s.AppendLine("| cone | nights | queries | alerts found | median | p99 | CPU per query |");
            s.AppendLine("|---|---|---|---|---|---|---|");
            s.AppendLine(CultureInfo.InvariantCulture, $"| {radius}\" warm | {shards.Count} | {queries} | {warmFound:N0} | {Percentile(warmTimes, 0.5):F1} ms | {Percentile(warmTimes, 0.99):F1} ms | {warmCpu:F1} ms |");
            s.AppendLine(CultureInfo.InvariantCulture, $"| {radius}\" cold (new store) | {shards.Count} | {queries} | {coldFound:N0} | {Percentile(coldTimes, 0.5):F1} ms | {Percentile(coldTimes, 0.99):F1} ms | {coldCpu:F1} ms |");
            s.AppendLine();
            var sizes = (Array.IndexOf(args, "--xmatch-sources") is var at and >= 0 ? args[at + 1] : "1000,5000,20000,50000")
                .Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            s.Append(await IndexedXmatchBenchmark.RunAsync(datalake.Root, store, shards, sizes, Option("--repeats", 3)));
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"Load average at the end: {LoadAverage()} on {Environment.ProcessorCount} cores.");
            return s.ToString();
        }
        finally
        {
            Directory.Delete(indexDir, recursive: true);
        }
    }

    private static async Task<(List<double> Milliseconds, long Found, double CpuMilliseconds)> TimeAsync(List<(double Ra, double Dec)> centres, double radius,
        Func<SkySearcher> searcher, string root)
    {
        var times = new List<double>();
        long found = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var (ra, dec) in centres)
        {
            var run = searcher();
            var clock = Stopwatch.StartNew();
            var result = await run.SearchAsync(root, Survey.Ztf, new ConeShape(ra, dec, radius), null, null);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (result.Rows.Count == 0) throw new InvalidOperationException($"the cone at ({ra}, {dec}) missed the alert it is centred on");
            found += result.Rows.Count;
        }
        // Process CPU time per query: steadier than wall-clock times on a machine shared with other work.
        return (times, found, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / centres.Count);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
