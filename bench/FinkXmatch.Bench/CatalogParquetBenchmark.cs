using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Bench;

/// <summary>
/// The catalog's share of a crossmatch job, stage by stage, as the CLI does it: inspecting the Parquet catalog of
/// <c>bench/run.sh peers</c> (source_id, ra, dec; 1,000,000-row groups), loading it, building its index at each
/// radius; the managed memory each holds and the peak resident set. One process per call, each stage timed with a
/// stopwatch: the profile behind the whole-process figures.
/// </summary>
internal static class CatalogParquetBenchmark
{
    public static async Task<string> RunAsync(string cacheDir, string[] args)
    {
        var sizes = args.Length > 1 ? Parse(args[1], int.Parse) : [1_000_000, 10_000_000];
        var radii = args.Length > 2 ? Parse(args[2], s => double.Parse(s, CultureInfo.InvariantCulture)) : [1.5, 60];
        var repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        var table = new StringBuilder();
        table.AppendLine("| sources | file | run | inspect | load | held after load | per source | " +
            string.Join(" | ", radii.Select(r => $"index {r.ToString(CultureInfo.InvariantCulture)}\" | its bytes")) + " | peak RSS |");
        // Each stage as wall clock / CPU time of the process (all threads): on a shared machine the CPU time is the steadier figure.
        table.AppendLine("|---|---|---|---|---|---|---|" + string.Concat(radii.Select(_ => "---|---|")) + "---|");
        foreach (var n in sizes)
        {
            var path = Path.Combine(cacheDir, string.Create(CultureInfo.InvariantCulture, $"peers-catalog-{n}.parquet"));
            if (!File.Exists(path)) path = await PeerFiles.CatalogAsync(cacheDir, XmatchData.Catalog(n));
            Measure.Collect();
            for (var run = 1; run <= repeats; run++)
            {
                var row = OneRun(path, radii);
                table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {n:N0} | {Measure.MiB(FileBytes(path))} | {run} | {row} |"));
                Console.Error.WriteLine(table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
            }
        }
        return table.ToString();
    }

    // In a method of its own, so that nothing of a run is still referenced when the next measures what it holds.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string OneRun(string path, double[] radii)
    {
        Measure.Collect();
        var baseline = GC.GetTotalMemory(true);
        Measure.ResetPeakRss();
        using var self = Process.GetCurrentProcess();
        var clock = Stopwatch.StartNew();
        var cpu = self.TotalProcessorTime;
        string Lap()
        {
            self.Refresh();
            var now = self.TotalProcessorTime;
            var lap = string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F2} / {(now - cpu).TotalSeconds:F2} s");
            cpu = now;
            clock.Restart();
            return lap;
        }
        CatalogSummary summary;
        using (var reader = CatalogReaders.Open(path)) summary = CatalogInspector.Inspect(reader, previewRows: 10);
        var inspect = Lap();
        SourceCatalog catalog;
        using (var reader = CatalogReaders.Open(path))
            catalog = CatalogLoader.Load(reader, new CatalogSelection(summary.Guess.RaColumn!, summary.Guess.DecColumn!, summary.Guess.IdColumn));
        var load = Lap();
        var held = Measure.ManagedBytesAfterCollect() - baseline;
        Lap();
        var cells = new List<string>();
        foreach (var radius in radii)
        {
            var index = HealpixIndex.BuildWhole(catalog.RaDeg, catalog.DecDeg, radius);
            cells.Add($"{Lap()} | {Measure.MiB(index.MemoryBytes)}");
            GC.KeepAlive(index);
        }
        GC.KeepAlive(catalog);
        return string.Create(CultureInfo.InvariantCulture,
            $"{inspect} | {load} | {Measure.MiB(held)} | {held / (double)catalog.Count:F0} B | {string.Join(" | ", cells)} | {Measure.MiB(Measure.PeakRss())}");
    }

    // The cached catalogs may be links to a shared cache: the size is the target's.
    private static long FileBytes(string path) => (new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? new FileInfo(path)).Length;

    private static T[] Parse<T>(string list, Func<string, T> parse) => [.. list.Split(',').Select(parse)];
}
