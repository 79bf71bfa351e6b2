using System.Globalization;
using System.Text;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Bench;

/// <summary>The Markdown of <c>bench/run.sh xmatch</c> (printed and written to bench/results.md).</summary>
internal static class XmatchReport
{
    public static string Markdown(IReadOnlyList<XmatchRun> runs, IReadOnlyList<BenchDatalake> datalakes, XmatchBenchOptions o)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"Load average at the end: {File.ReadAllText("/proc/loadavg").Trim()} (other processes share the machine).");
        md.AppendLine(c, $"{o.Threads} threads; each figure is the median of {o.Repeats} runs after warm-up runs (page cache, JIT: at least two, until a run is no more than 10 % faster than the one before); times are end to end from Parquet on disk: open, ra/dec decode, match, late materialization of objectId/candid, Parquet result writing; files opened {o.ScanPlans switch
        {
            ScanPlansMode.Kept => "through the scan plans kept from the runs before (every job over a night but its first)",
            ScanPlansMode.Read => "with their scan plans read from the footers in every run (a night's very first job)",
            _ => "with their scan plans read from disk in every run (a night's first job after a restart)",
        }}.");
        md.AppendLine();
        md.AppendLine("| datalake | survey | alerts | nights | row group | cutout | history | on disk | generated in |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var d in datalakes)
            md.AppendLine(c, $"| {d.Name} | {d.Survey.Name} | {d.Alerts:N0} | {d.Nights} | {d.RowGroupSize:N0} rows | {d.CutoutBytes:N0} B x 3 | 0..{d.MaxHistory} | {Measure.MiB(d.Bytes)} | {d.Generation.TotalSeconds:F0} s |");
        md.AppendLine();
        md.AppendLine("| datalake | nights | sources | radius | matches | index build | index | scan | alerts/s | per CPU-second | allocated | peak RSS | open | ra/dec | match | materialize | write | check |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in runs)
        {
            var total = r.StageSeconds.Values.Sum();
            string Share(XmatchStage s) => total > 0 ? (r.StageSeconds[s] / total).ToString("P0", c) : "-";
            md.AppendLine(c, $"| {r.Datalake.Name} | {r.Nights} | {Count(r.Sources)} | {r.RadiusArcsec}\" | {r.Matches:N0} | {r.IndexSeconds:F2} s | {Measure.MiB(r.IndexBytes)} | {r.ScanSeconds:F2} s | {r.AlertsPerSecond / 1e6:F1} M | {r.AlertsPerCpuSecond / 1e6:F1} M | {Measure.MiB(r.AllocatedBytes)} | {Measure.MiB(r.PeakRss)} | {Share(XmatchStage.Open)} | {Share(XmatchStage.Positions)} | {Share(XmatchStage.Match)} | {Share(XmatchStage.Materialize)} | {Share(XmatchStage.Sink)} | {r.Check} |");
        }
        md.AppendLine();
        md.AppendLine("Per CPU-second: alerts over the CPU time the process used during the scan (user + system, all threads), the per-core rate; " +
            "it is less disturbed than the wall-clock rate by other processes on the machine. Allocated: managed bytes allocated during one scan (all threads). Stage shares are of the " +
            (runs.All(r => r.StagesInCpuTime) ? "CPU time of the scanning threads (per-thread CPU clock: waiting for a core is not counted)" : "wall-clock time summed over the scanning threads") +
            ". Peak RSS (VmHWM, from the index build through all runs) includes the catalog, its index and the runtime.");
        md.AppendLine();
        foreach (var datalake in datalakes.Where(d => !d.Cutouts))
        {
            var main = runs.Where(r => r.Datalake == datalake && r.Nights == datalake.Nights).ToList();
            Growth(md, $"{datalake.Name}: growth with the catalog (CPU time of the scanning threads per alert, and per result row for materialization and writing):",
                main.Where(r => o.Radii.Contains(r.RadiusArcsec)).ToList());
            var equal = main.Where(r => !o.Radii.Contains(r.RadiusArcsec)).ToList();
            if (equal.Count > 0)
            {
                var smallest = o.CatalogSizes.Min();
                var largest = o.Radii.Max();
                Growth(md, string.Create(c, $"{datalake.Name}: the same at a fixed answer size: each catalog at the radius where it reaches as much sky as {Count(smallest)} sources at {largest}\" (sources x radius^2 the same), so about as many alerts have a source within reach:"),
                    main.Where(r => r.Sources == smallest && r.RadiusArcsec == largest).Concat(equal).ToList(), bySources: true);
            }
        }
        SurveyComparison.Append(md, runs);

        // The Fink-shaped table: Fink's published service times against ours, for the 75 k catalog at 1.5".
        var ztf = datalakes.FirstOrDefault(d => d.Survey == Survey.Ztf && !d.Cutouts);
        var whole = runs.Where(r => r.Datalake == ztf && r.Nights == ztf.Nights).ToList();
        var basis = whole.FirstOrDefault(r => r.RadiusArcsec == 1.5 && r.Sources <= 100_000) ?? whole.FirstOrDefault();
        if (basis is not null)
        {
            md.AppendLine(c, $"| alerts | Fink (Spark, 32 cores), 75 k sources | FinkXmatch ({o.Threads} cores), {Count(basis.Sources)} sources, {basis.RadiusArcsec}\" |");
            md.AppendLine("|---|---|---|");
            md.AppendLine(c, $"| {basis.Alerts / 1e6:F0} M | - | {basis.ScanSeconds:F2} s (measured) |");
            foreach (var (millions, fink) in new[] { (20, "3.7 min"), (199, "30.7 min") })
                md.AppendLine(c, $"| {millions} M | {fink} | {millions * 1e6 / basis.AlertsPerSecond:F1} s (extrapolated) |");
            md.AppendLine();
            md.AppendLine(c, $"Extrapolated rows divide the alerts by the measured rate ({basis.AlertsPerSecond / 1e6:F1} M alerts/s); the index build ({basis.IndexSeconds:F2} s) comes once per job on top.");
        }
        return md.ToString();
    }

    /// <summary>
    /// How the scan grows with the catalog: each stage's CPU time per alert, and per result row for the stages that
    /// work on result rows, so that what grows with the catalog (the rows a dense catalog gives) is told apart from
    /// what does not. The equal-reach table holds the answer's size about fixed, so what is left is the catalog's own cost.
    /// </summary>
    private static void Growth(StringBuilder md, string title, List<XmatchRun> runs, bool bySources = false)
    {
        if (runs.Count == 0 || !runs.All(r => r.StagesInCpuTime)) return;
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(title);
        md.AppendLine();
        md.AppendLine("| sources | radius | result rows per 1,000 alerts | open + ra/dec, ns/alert | match, ns/alert | materialize + write, ns/alert | materialize + write, ns/row | scan CPU, ns/alert |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in bySources ? runs.OrderBy(r => r.Sources) : runs.OrderBy(r => r.RadiusArcsec).ThenBy(r => r.Sources))
        {
            double Ns(params XmatchStage[] stages) => stages.Sum(s => r.StageSeconds[s]) * 1e9 / r.Alerts;
            var rows = r.StageSeconds[XmatchStage.Materialize] + r.StageSeconds[XmatchStage.Sink];
            md.AppendLine(c, $"| {Count(r.Sources)} | {r.RadiusArcsec}\" | {1000.0 * r.Matches / r.Alerts:F1} | {Ns(XmatchStage.Open, XmatchStage.Positions):F1} | {Ns(XmatchStage.Match):F1} | {Ns(XmatchStage.Materialize, XmatchStage.Sink):F1} | {rows * 1e9 / Math.Max(1, r.Matches):F0} | {Ns(Enum.GetValues<XmatchStage>()):F1} |");
        }
        md.AppendLine();
    }

    internal static string Count(int n) => n switch
    {
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{n / 1e6:0.#} M"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{n / 1e3:0.#} k"),
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
