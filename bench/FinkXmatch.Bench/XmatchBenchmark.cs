using System.Diagnostics;
using System.Globalization;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Raw;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Bench;

/// <summary>One measured crossmatch configuration (medians over the repeats).</summary>
internal sealed record XmatchRun(BenchDatalake Datalake, int Nights, int Sources, double RadiusArcsec, long Alerts, long Matches,
    double IndexSeconds, long IndexBytes, double ScanSeconds, double[] AllScanSeconds, long PeakRss,
    IReadOnlyDictionary<XmatchStage, double> StageSeconds, bool StagesInCpuTime, long RowGroups, string Check, double CpuSeconds, long AllocatedBytes)
{
    public double AlertsPerSecond => Alerts / ScanSeconds;

    /// <summary>Alerts per second of CPU time used by the process: the per-core rate, less sensitive to other load.</summary>
    public double AlertsPerCpuSecond => Alerts / CpuSeconds;
}

/// <summary>
/// <c>bench/run.sh xmatch</c>: end-to-end crossmatch from Parquet on disk (open, ra/dec decode, index lookup, late
/// materialization of objectId/candid, Parquet result writing) over generated datalakes, for 75 k, 1 M and 10 M
/// source catalogs at 1.5 and 60 arcsec, and the larger catalogs again at the radius where they reach as much sky as
/// 75 k sources at 60" (so the answer's size stays about the same while the catalog grows); every configuration is
/// checked against <see cref="ReferenceMatcher"/> on the first night and on the planted counterparts.
/// </summary>
internal static class XmatchBenchmark
{
    public static async Task<string> RunAsync(string cacheDir, XmatchBenchOptions o)
    {
        // The generators are single-threaded: run them side by side, one per core.
        var recipes = o.Datalakes().ToArray();
        var datalakes = new BenchDatalake[recipes.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, recipes.Length), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (i, _) => datalakes[i] = await XmatchData.DatalakeAsync(cacheDir, recipes[i].Name, recipes[i].Options));
        var mains = datalakes.Where(d => !d.Cutouts).ToList();

        // Each configuration runs on every survey's datalake in turn, so that the surveys are compared under the same load.
        var runs = new List<XmatchRun>();
        foreach (var size in o.CatalogSizes)
        {
            Measure.Collect();
            var catalog = XmatchData.Catalog(size);
            var reference = new ReferenceMatcher(catalog);
            async Task RunOn(BenchDatalake datalake, double radius, int? nights = null)
            {
                var run = await MeasureAsync(cacheDir, datalake, catalog, reference, radius, o, nights);
                runs.Add(run);
                Console.Error.WriteLine(Row(run));
            }
            foreach (var radius in o.Radii)
                foreach (var datalake in datalakes)
                    if (!datalake.Cutouts || size == o.CatalogSizes[0])   // the cutout variants with the smallest catalog only
                        await RunOn(datalake, radius);
            // Time at a fixed answer size: the radius at which this catalog reaches as much sky as the smallest one at the
            // largest radius (sources x pi r^2 the same), so the alerts give about as many result rows.
            if (o.EqualReach && size != o.CatalogSizes.Min() && o.EqualReachRadius(size) is var equal && !o.Radii.Contains(equal))
                foreach (var main in mains) await RunOn(main, equal);
            // Memory does not grow with the datalake: the same job on a tenth of the nights.
            if (size == o.CatalogSizes[0] && o.Nights >= 20)
                foreach (var main in mains) await RunOn(main, o.Radii[0], o.Nights / 10);
        }
        return XmatchReport.Markdown(runs, datalakes, o);
    }

    internal static string Row(XmatchRun r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Datalake.Name} ({r.Nights} nights): {r.Sources:N0} sources, {r.RadiusArcsec}\": {r.Alerts:N0} alerts, {r.Matches:N0} matches, " +
        $"index {r.IndexSeconds:F2} s, scan {string.Join(" / ", r.AllScanSeconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s " +
        $"-> {r.AlertsPerSecond / 1e6:F1} M alerts/s, cpu {r.CpuSeconds:F2} s -> {r.AlertsPerCpuSecond / 1e6:F1} M alerts/cpu-s, allocated {Measure.MiB(r.AllocatedBytes)}, peak RSS {Measure.MiB(r.PeakRss)}, " +
        $"ns/alert open {Ns(r, XmatchStage.Open):F1} ra/dec {Ns(r, XmatchStage.Positions):F1} match {Ns(r, XmatchStage.Match):F1} materialize {Ns(r, XmatchStage.Materialize):F1} write {Ns(r, XmatchStage.Sink):F2}, " +
        $"ns/row materialize + write {(r.StageSeconds[XmatchStage.Materialize] + r.StageSeconds[XmatchStage.Sink]) * 1e9 / Math.Max(1, r.Matches):F0}, check {r.Check}");

    // A stage's time (CPU time of the scanning threads when measured so) per alert of the run.
    private static double Ns(XmatchRun r, XmatchStage stage) => r.StageSeconds[stage] * 1e9 / r.Alerts;

    private static async Task<XmatchRun> MeasureAsync(string cacheDir, BenchDatalake datalake, SourceCatalog catalog,
        ReferenceMatcher reference, double radius, XmatchBenchOptions o, int? nights = null)
    {
        var first = new DateOnly(2024, 1, 1);
        var options = nights is { } n ? new XmatchOptions(radius, StartNight: first, StopNight: first.AddDays(n - 1)) : new XmatchOptions(radius);
        var plan = await XmatchPlan.CreateAsync(datalake.Root, options, catalog.IdColumn);
        Measure.Collect();
        Measure.ResetPeakRss();
        var build = Stopwatch.StartNew();
        var index = HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, radius);
        build.Stop();

        var check = o.Check ? new ResultCheck(datalake, plan.Shards, catalog, reference, radius) : null;
        if (check is not null) await check.PrepareAsync();
        var scans = new List<double>();
        var cpus = new List<double>();
        var allocated = new List<long>();
        var stages = new List<Dictionary<XmatchStage, double>>();
        XmatchSummary summary = default!;
        XmatchCounters counters = default!;
        var stagesInCpu = false;
        var output = Path.Combine(cacheDir, "xmatch-results.parquet");
        // Run 0 warms the page cache and the JIT and feeds the check; then more warm-up runs until the JIT has settled
        // (Warmup.Settled), and Repeats measured runs.
        var warmup = new Warmup();
        var plansOnDisk = o.ScanPlans == ScanPlansMode.Stored ? new ScanPlanStore(Path.Combine(cacheDir, "plans")) : null;
        for (var repeat = 0; scans.Count < o.Repeats; repeat++)
        {
            counters = new XmatchCounters();
            // Plans read afresh: what a night's very first job pays (the footers parsed); stored: what a job pays after a
            // restart (the plans read from disk, written by the runs before); otherwise kept in memory from the runs before.
            if (o.ScanPlans != ScanPlansMode.Kept) ScanPlanCache.Shared.Clear();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            // As the CLI's job: the file is the rows' only consumer (but in the run the check keeps), so the writer hands
            // each batch's arrays back once written.
            summary = await TimedResultFile.WriteAsync(output, plan, counters, recycleBatches: check is null || repeat > 0, writer => LocalXmatchRunner.RunAsync(plan, catalog, index, async (rows, ct) =>
            {
                if (repeat == 0) check?.Add(rows);
                await writer.WriteAsync(rows, ct);
            }, o.Threads, counters, plansOnDisk: plansOnDisk));
            clock.Stop();
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            if (!warmup.Settled(cpuSeconds)) continue;
            scans.Add(clock.Elapsed.TotalSeconds);
            cpus.Add(cpuSeconds);
            allocated.Add(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
            var inCpu = Enum.GetValues<XmatchStage>().Sum(s => counters.CpuTimeIn(s).TotalSeconds) > 0;
            stagesInCpu = inCpu;
            stages.Add(Enum.GetValues<XmatchStage>().ToDictionary(s => s, s => (inCpu ? counters.CpuTimeIn(s) : counters.TimeIn(s)).TotalSeconds));
        }
        var peak = Measure.PeakRss();
        var median = Median(scans);
        var medianIndex = scans.IndexOf(median);
        GC.KeepAlive(index);
        return new XmatchRun(datalake, plan.Shards.Count, catalog.Count, radius, summary.Alerts, summary.Matches, build.Elapsed.TotalSeconds,
            index.MemoryBytes, median, scans.ToArray(), peak, stages[medianIndex], stagesInCpu, counters.RowGroups, check?.Verdict() ?? "not checked (--check off)", Median(cpus), allocated.Order().ElementAt(allocated.Count / 2));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}

/// <summary>What <c>bench/run.sh xmatch</c> runs; small values make a quick smoke run.</summary>
internal sealed record XmatchBenchOptions(int Nights, int AlertsPerNight, int CutoutAlerts, int[] CatalogSizes, double[] Radii,
    int Repeats, int Threads, bool EqualReach = true, Survey[]? Surveys = null, int LsstCutoutAlerts = 100_000, ScanPlansMode ScanPlans = ScanPlansMode.Kept, bool Check = true)
{
    /// <summary>Bytes of one Rubin cutout: a bare FITS file, 34,560 to 46,080 bytes in the real LSST sample of tests/data/kafka.</summary>
    public const int LsstCutoutBytes = 35_000;

    /// <summary>
    /// The datalakes measured, the surveys' main ones first, then their cutout variants: per survey Nights x
    /// AlertsPerNight alerts without cutouts in 46,000-row groups (ZTF's size for these alerts in Spark's 128 MB
    /// blocks) and histories of up to 2 earlier detections (LSST: up to 4 forced photometry points), and a variant
    /// with real-size cutouts in Spark-sized 128 MB row groups (ZTF: 20,000 alerts per night, 3 x 13 kB structs; LSST:
    /// 10,000, 3 x 35 kB top-level bytes, so about 1,200 alerts per row group), at least 10 nights.
    /// </summary>
    public IEnumerable<(string Name, DatalakeGeneratorOptions Options)> Datalakes()
    {
        var first = new DateOnly(2024, 1, 1);
        var surveys = Surveys ?? [Survey.Ztf, Survey.Lsst];
        foreach (var survey in surveys)
        {
            var name = survey == Survey.Ztf ? "datalake" : survey.Name;
            yield return (string.Create(CultureInfo.InvariantCulture, $"{name}-{Nights}x{AlertsPerNight}"), new DatalakeGeneratorOptions("", first,
                Nights, AlertsPerNight, CutoutBytes: 0, MaxHistory: 2, RowGroupSize: 46_000, SurveyChoice: survey == Survey.Ztf ? null : survey));
        }
        foreach (var survey in surveys)
        {
            var (alerts, perNight, bytes) = survey == Survey.Ztf
                ? (CutoutAlerts, 20_000, DatalakeGeneratorOptions.RealCutoutBytes)
                : (LsstCutoutAlerts, 10_000, LsstCutoutBytes);
            if (alerts == 0) continue;
            var nights = Math.Max(10, alerts / perNight);
            yield return ((survey == Survey.Ztf ? "datalake" : survey.Name) + "-cutouts", new DatalakeGeneratorOptions("", first, nights,
                alerts / nights, CutoutBytes: bytes, MaxHistory: 2, SurveyChoice: survey == Survey.Ztf ? null : survey));
        }
    }

    /// <summary>
    /// The radius (to 0.01") at which <paramref name="sources"/> sources cover as much sky as the smallest catalog at the
    /// largest radius: 10 M sources at 5.2" against 75 k at 60".
    /// </summary>
    public double EqualReachRadius(int sources) => Math.Round(Radii.Max() * Math.Sqrt((double)CatalogSizes.Min() / sources), 2);

    public static XmatchBenchOptions Parse(string[] args)
    {
        var o = new XmatchBenchOptions(100, 100_000, 500_000, [75_000, 1_000_000, 10_000_000], [1.5, 60], 3, Environment.ProcessorCount);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            var v = args[i + 1];
            o = args[i] switch
            {
                "--nights" => o with { Nights = int.Parse(v, CultureInfo.InvariantCulture) },
                "--alerts-per-night" => o with { AlertsPerNight = int.Parse(v, CultureInfo.InvariantCulture) },
                "--cutout-alerts" => o with { CutoutAlerts = int.Parse(v, CultureInfo.InvariantCulture) },
                "--catalogs" => o with { CatalogSizes = v.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() },
                "--radii" => o with { Radii = v.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray() },
                "--repeats" => o with { Repeats = int.Parse(v, CultureInfo.InvariantCulture) },
                "--threads" => o with { Threads = int.Parse(v, CultureInfo.InvariantCulture) },
                "--survey" => o with { Surveys = v is "both" ? null : Survey.TryParse(v, out var survey) ? [survey] : throw new BenchUsageException($"--survey takes ztf, lsst or both, not {v}") },
                "--lsst-cutout-alerts" => o with { LsstCutoutAlerts = int.Parse(v, CultureInfo.InvariantCulture) },
                "--scan-plans" => o with { ScanPlans = v switch
                {
                    "kept" => ScanPlansMode.Kept,
                    "read" => ScanPlansMode.Read,
                    "stored" => ScanPlansMode.Stored,
                    _ => throw new BenchUsageException($"--scan-plans takes kept, read or stored, not {v}"),
                } },
                "--check" => o with { Check = v is "on" ? true : v is "off" ? false : throw new BenchUsageException($"--check takes on or off, not {v}") },
                "--equal-reach" => o with { EqualReach = v is "on" ? true : v is "off" ? false : throw new BenchUsageException($"--equal-reach takes on or off, not {v}") },
                _ => throw new BenchUsageException($"unknown option {args[i]}: --survey --nights --alerts-per-night --cutout-alerts --lsst-cutout-alerts --catalogs --radii --repeats --threads --equal-reach --scan-plans --check"),
            };
        }
        return o;
    }
}

/// <summary>How the benchmark's jobs find the files' scan plans (<c>--scan-plans</c>).</summary>
internal enum ScanPlansMode
{
    /// <summary>Kept in memory from the runs before: every job over a night but its first, in one process.</summary>
    Kept,

    /// <summary>Read from the footers in every run: a night's very first job.</summary>
    Read,

    /// <summary>Read from disk in every run (written there by the first run): a night's first job after a restart.</summary>
    Stored,
}
