using System.Diagnostics;
using System.Globalization;
using System.Text;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Bench;

/// <summary>
/// Part of bench/run.sh conesearch: small catalogs at 1.5" crossmatched through the sky index against the full scan of
/// the same nights (end to end as the CLI: plan, scan, result Parquet file), median of the runs after a warm-up, each
/// checked to give the same matches. Sources anywhere on the sky (the cost of reading the nights), and a last row where one
/// source in 20 lies 0.5" from an alert of a random night (the matched rows' fields read too). The
/// limit on the catalog's cells is lifted for these runs, so the largest sizes show where the index stops paying
/// (<see cref="CatalogCells.MaxIndexedCells"/>).
/// </summary>
internal static class IndexedXmatchBenchmark
{
    public static async Task<string> RunAsync(string root, SkyIndexStore store, IReadOnlyList<DatalakeShard> nights, int[] sizes, int repeats)
    {
        // Every size with sources anywhere (few matches: the cost of reading the nights), then 1,000 sources of which
        // one in 20 lies next to an alert (matched rows to read in many nights).
        var runs = sizes.Select(size => (size, 0)).Append((1000, 20)).ToArray();
        return await RunAsync(root, store, nights, runs, repeats).ConfigureAwait(false);
    }

    private static async Task<string> RunAsync(string root, SkyIndexStore store, IReadOnlyList<DatalakeShard> nights, (int Size, int PlantedEvery)[] runs, int repeats)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"| sources at 1.5\" | index cells | matches | full scan | through the index | speed-up |");
        s.AppendLine("|---|---|---|---|---|---|");
        var stageNotes = new StringBuilder();
        var limit = CatalogCells.Limit;
        CatalogCells.Limit = long.MaxValue;
        try
        {
            foreach (var (size, plantedEvery) in runs)
            {
                var catalog = await CatalogAsync(store, nights, size, plantedEvery);
                var plan = await XmatchPlan.CreateAsync(root, new XmatchOptions(1.5, MatchMode.Nearest), catalog.IdColumn);
                var index = HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, 1.5);
                var cells = CatalogCells.IndexedCells(catalog, index)!.CellCount;
                var full = new List<double>();
                var indexed = new List<double>();
                var (fullCpu, indexedCpu) = (new List<double>(), new List<double>());
                long fullMatches = 0, indexedMatches = 0;
                string fullStages = "", indexedStages = "";
                for (var r = 0; r <= repeats; r++)
                {
                    var (fullSeconds, fm, fc, fs) = await TimeAsync(plan, catalog, index, null);
                    var (indexedSeconds, im, ic, ist) = await TimeAsync(plan, catalog, index, store);
                    if (r == 0) continue;   // warm-up
                    (fullStages, indexedStages) = (fs, ist);
                    fullCpu.Add(fc);
                    indexedCpu.Add(ic);
                    (fullMatches, indexedMatches) = (fm, im);
                    full.Add(fullSeconds);
                    indexed.Add(indexedSeconds);
                }
                if (fullMatches != indexedMatches) throw new InvalidOperationException($"{size} sources: the full scan found {fullMatches} matches, the index {indexedMatches}");
                var (f, i) = (Median(full), Median(indexed));
                var (fc2, ic2) = (Median(fullCpu), Median(indexedCpu));
                s.AppendLine(CultureInfo.InvariantCulture, $"| {size:N0}{(plantedEvery > 0 ? $" (1 in {plantedEvery} next to an alert)" : "")} | {cells:N0} | {fullMatches:N0} | {f * 1000:F0} ms ({fc2 * 1000:F0} ms CPU) | {i * 1000:F1} ms ({ic2 * 1000:F1} ms CPU) | {f / i:F1}x ({fc2 / ic2:F1}x CPU) |");
                stageNotes.AppendLine(CultureInfo.InvariantCulture, $"- {size:N0} sources, CPU ms per stage (last run): full scan {fullStages}; through the index {indexedStages}.");
            }
        }
        finally
        {
            CatalogCells.Limit = limit;
        }
        s.AppendLine();
        s.Append(stageNotes);
        return s.ToString();
    }

    private static async Task<(double Seconds, long Matches, double CpuSeconds, string Stages)> TimeAsync(XmatchPlan plan, SourceCatalog catalog, HealpixIndex index, SkyIndexStore? store)
    {
        var output = Path.Combine(Path.GetTempPath(), $"fxm-bench-indexed-{Guid.NewGuid():N}.parquet");
        try
        {
            var counters = new XmatchCounters();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var summary = await TimedResultFile.WriteAsync(output, plan, counters, recycleBatches: false, writer => LocalXmatchRunner.RunAsync(plan, catalog, index,
                (rows, ct) => new ValueTask(writer.WriteAsync(rows, ct)), Environment.ProcessorCount, counters, skyIndex: store));
            var seconds = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var stages = string.Join(", ", Enum.GetValues<XmatchStage>().Select(st => string.Create(CultureInfo.InvariantCulture, $"{st} {counters.CpuTimeIn(st).TotalMilliseconds:F0}")));
            var expected = store is null ? ShardScanPath.FullScan : ShardScanPath.SkyIndex;
            if (summary.Nights.Any(n => n.Path != expected)) throw new InvalidOperationException($"a night was not read by {expected}");
            return (seconds, summary.Matches, cpuSeconds, stages);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<SourceCatalog> CatalogAsync(SkyIndexStore store, IReadOnlyList<DatalakeShard> nights, int size, int plantedEvery)
    {
        var random = new Random(size);
        var (ra, dec) = (new double[size], new double[size]);
        for (var k = 0; k < size; k++)
        {
            if (plantedEvery > 0 && k % plantedEvery == 0)
            {
                var night = await store.GetAsync(Survey.Ztf, nights[random.Next(nights.Count)]);
                var group = night.RowGroups[random.Next(night.RowGroups.Count)];
                var rows = new List<IndexedAlert>();
                night.Read(CellRanges.Of([group.MinCell]), rows);
                var alert = rows[random.Next(rows.Count)];
                (ra[k], dec[k]) = (alert.Ra, Math.Min(90, alert.Dec + 0.5 / 3600));
            }
            else (ra[k], dec[k]) = (random.NextDouble() * 360, Math.Asin(random.NextDouble() * 2 - 1) * 180 / Math.PI);
        }
        return new SourceCatalog("bench", "id", ra, dec, [.. Enumerable.Range(0, size).Select(k => k.ToString(CultureInfo.InvariantCulture))]);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
