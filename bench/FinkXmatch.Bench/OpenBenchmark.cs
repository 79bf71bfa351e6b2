using System.Globalization;
using System.Text;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Raw;
using FinkXmatch.Core.Os;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Bench;

/// <summary>
/// <c>bench/run.sh open [DATALAKE...]</c>: what opening a file and reading its positions costs per alert, one thread,
/// over the datalakes cached by <c>bench/run.sh xmatch</c> (default: every one there): parsing the whole footer (how
/// files were opened before scan plans), opening with the scan plan read from the footer (a file's first open),
/// opening with the plan read from disk (<see cref="ScanPlanStore"/>: a file's first open after a restart), opening with
/// the plan kept from an earlier open (every later one), reading the positions of every row group, and late
/// materialization of the survey's two identifiers (<c>objectId</c>, <c>candid</c>) for one row per row group (a rare
/// match) and for every 850th row (the density of the crossmatch benchmark's planted matches).
/// The end-to-end benchmark's "open" and "ra/dec" shares, apart from the rest, so that they can be compared between
/// surveys and builds with less noise.
/// </summary>
internal static class OpenBenchmark
{
    private const int Repeats = 15;

    public static string Run(string cacheDir, string[] args)
    {
        var names = args.Length > 1 ? args[1..] : Directory.GetDirectories(cacheDir).Where(d => File.Exists(Path.Combine(d, "bench-datalake.json")))
            .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        var table = new StringBuilder();
        table.AppendLine("| datalake | files | alerts | row groups | alerts per row group | footer bytes per alert | whole footer, ns/alert | plan read, ns/alert | plan on disk, ns/alert | plan kept, ns/alert | positions, ns/alert | identifiers of 1 row per row group, ns/alert | identifiers of every 850th row, ns/alert |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var name in names)
        {
            var files = DatalakeLayout.Open(Path.Combine(cacheDir, name!)).Shards.SelectMany(s => s.Files).ToArray();
            long alerts = 0, footerBytes = 0, rowGroups = 0;
            foreach (var path in files)
            {
                using var handle = File.OpenHandle(path);
                var footer = ParquetFooter.Read(handle);
                alerts += footer.RowGroupRows.Sum(r => (long)r);
                rowGroups += footer.RowGroupRows.Length;
                footerBytes += ParquetFileLayout.FooterLocation(handle).Length;
            }
            var whole = Time(alerts, () =>
            {
                foreach (var path in files)
                {
                    using var handle = File.OpenHandle(path);
                    GC.KeepAlive(ParquetFooter.Read(handle));
                }
            });
            var read = Time(alerts, () => Open(files, null));
            // A restart: memory empty, every plan read from disk (written there by the first pass).
            var disk = new ScanPlanStore(Path.Combine(cacheDir, "plans-open-benchmark"));
            var stored = Time(alerts, () => Open(files, new ScanPlanCache(1 << 20), disk));
            var plans = new ScanPlanCache(1 << 20);
            var kept = Time(alerts, () => Open(files, plans));
            var batch = new PositionBatch();
            var positions = Time(alerts, () =>
            {
                foreach (var path in files)
                {
                    var file = AlertFile.OpenAsync(path, plans).GetAwaiter().GetResult();
                    for (var g = 0; g < file.RowGroupCount; g++) file.ReadPositionsAsync(g, batch).AsTask().GetAwaiter().GetResult();
                    file.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            }) - kept;
            var first = AlertFile.OpenAsync(files[0], plans).GetAwaiter().GetResult();
            var schema = first.GetSchemaAsync().AsTask().GetAwaiter().GetResult();
            var identifiers = first.Survey.Identifiers.Select(i => schema.Find(i.Path)).ToArray();
            first.DisposeAsync().AsTask().GetAwaiter().GetResult();
            var one = Time(alerts, () => Materialize(files, plans, identifiers, rows => [rows / 2])) - kept;
            var dense = Time(alerts, () => Materialize(files, plans, identifiers, rows => Enumerable.Range(0, rows).Where(r => r % 850 == 425).ToArray())) - kept;
            var row = string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {files.Length} | {alerts:N0} | {rowGroups:N0} | {alerts / (double)rowGroups:N0} | {footerBytes / (double)alerts:F1} | {whole:F1} | {read:F1} | {stored:F1} | {kept:F1} | {positions:F1} | {one:F1} | {dense:F1} |");
            Console.Error.WriteLine(row);
            table.AppendLine(row);
        }
        return table.Append("\nThread CPU time, fastest of ").Append(Repeats).Append(" runs after warm-up, one thread, compiled fully optimized from the start; \"positions\" is the reading of every row group's RA/Dec with the plan kept, its open left out.").ToString();
    }

    // The two identifiers of the chosen rows of every row group, as late materialization reads them (the direct typed path).
    private static void Materialize(string[] files, ScanPlanCache plans, AlertField[] fields, Func<int, int[]> choose)
    {
        // Chosen once per row count: choosing is not what is measured.
        var byRows = new Dictionary<int, int[]>();
        int[] chosen(int rows) => byRows.TryGetValue(rows, out var rowsChosen) ? rowsChosen : byRows[rows] = choose(rows);
        foreach (var path in files)
        {
            var file = AlertFile.OpenAsync(path, plans).GetAwaiter().GetResult();
            for (var g = 0; g < file.RowGroupCount; g++)
            {
                var rows = chosen(file.RowGroupRows[g]);
                // The two together, as the scan reads them (AlertColumns).
                var (a, b) = file.TryReadColumns(g, rows, fields[0], fields[1]);
                GC.KeepAlive(a ?? throw new InvalidOperationException($"{fields[0].Path} was not read directly"));
                GC.KeepAlive(b ?? throw new InvalidOperationException($"{fields[1].Path} was not read directly"));
            }
            file.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void Open(string[] files, ScanPlanCache? plans, ScanPlanStore? disk = null)
    {
        foreach (var path in files) AlertFile.OpenAsync(path, plans, disk: disk).GetAwaiter().GetResult().DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    // CPU ns per alert of a pass over every file (the thread's CPU clock: the machine is shared, and waiting for a
    // core is not the cost measured), after the JIT and the page cache have settled.
    private static double Time(long alerts, Action pass)
    {
        var times = new List<double>();
        var warmup = new Warmup();
        while (times.Count < Repeats)
        {
            var start = ThreadCpuClock.NowNanoseconds();
            pass();
            var ns = (double)(ThreadCpuClock.NowNanoseconds() - start) / alerts;
            if (warmup.Settled(ns)) times.Add(ns);
        }
        // The fastest run: on a shared machine every other run is slowed by the caches other processes leave cold.
        return times.Min();
    }
}
