using System.Globalization;
using System.Text;
using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Bench;

/// <summary>The Markdown of <c>bench/run.sh peers</c>: the peer table, the start-up table, the checks in full.</summary>
internal static class PeersReport
{
    public static string Line(PeerRun r) => string.Create(CultureInfo.InvariantCulture, 
        $"{Configuration(r)}: {r.Alerts:N0} alerts, {r.Matches:N0} matches; FinkXmatch {Runs(r.Ours)} s, DuckDB {Runs(r.Theirs)} s " +
        $"-> {r.TheirMedian / r.OurMedian:F2}x; check {r.Check}");

    public static string Markdown(string cli, IReadOnlyList<PeerRun> runs, StartupFigures startup, IReadOnlyList<BenchDatalake> datalakes, PeersOptions o,
        string loadBefore, string loadAfter)
    {
        var s = new StringBuilder();
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores ({CpuModel()}), {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, .NET {Environment.Version}; " +
            $"load average (1, 5, 15 min) {loadBefore} before, {loadAfter} after. Both engines {o.Threads} threads; medians of {o.Repeats} alternating runs (FinkXmatch, DuckDB, FinkXmatch, ...)."));
        s.AppendLine();
        s.AppendLine(cli == "finkxmatch-cli"
            ? "FinkXmatch's jobs: `finkxmatch-cli`, the native executable (ahead-of-time compiled, silo/FinkXmatch.Cli)."
            : $"FinkXmatch's jobs: `{cli}`, the managed executable (ReadyToRun, silo/FinkXmatch.Silo).");
        s.AppendLine();
        foreach (var d in datalakes)
            s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- {d.Survey.Name.ToUpperInvariant()} datalake `{d.Name}`: {d.Nights} nights x {d.Alerts / d.Nights:N0} alerts, {Measure.MiB(d.Bytes)}, row groups of {d.RowGroupSize:N0}"));
        s.AppendLine();
        s.AppendLine("| configuration | alerts | matches | FinkXmatch | DuckDB 1.5 (Zones SQL) | DuckDB / FinkXmatch | CPU s FinkXmatch / DuckDB | peak RSS FinkXmatch / DuckDB | checked |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var survey in runs.Select(r => r.Survey).Distinct())
        {
            var mine = runs.Where(r => r.Survey == survey).ToList();
            if (Marginal(mine, o) is { } m) s.AppendLine(m);
            foreach (var r in mine)
                s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {Configuration(r)}, whole job | {r.Alerts:N0} | {r.Matches:N0} | {r.OurMedian:F2} s ({Range(r.Ours)}) | " +
                    $"{r.TheirMedian:F2} s ({Range(r.Theirs)}) | {r.TheirMedian / r.OurMedian:F2}x | {Cpu(r.Ours)} / {Cpu(r.Theirs)} | {Rss(r.Ours)} / {Rss(r.Theirs)} | {Short(r)} |"));
        }
        s.AppendLine();
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Start-up (median of {startup.Help.Length} runs, min-max):"));
        s.AppendLine();
        s.AppendLine("| what | median | min | max |");
        s.AppendLine("|---|---|---|---|");
        Startup(s, $"`{cli} help` (process start, dispatch)", startup.Help);
        Startup(s, string.Create(CultureInfo.InvariantCulture, $"`{cli} xmatch` on an empty night range ({o.CatalogSizes.Min():N0}-source catalog; exit 2)"), startup.EmptyJob);
        Startup(s, "`duckdb-xmatch` on the same empty night range", startup.PeerEmptyJob);
        Startup(s, "service (`finkxmatch` with `--datalake`): process start to `GET /health` 200", startup.Health);
        s.AppendLine();
        s.AppendLine($"The empty-range job's answer: `{startup.EmptyJobAnswer.ReplaceLineEndings(" ")}`");
        s.AppendLine();
        s.AppendLine("Checks (the first pair of runs of each configuration):");
        s.AppendLine();
        foreach (var r in runs) s.AppendLine($"- {Configuration(r)}: {r.Check}");
        return s.ToString();
    }

    // The rate at which more nights cost: (alerts of all nights - alerts of one) / (time of all nights - time of one),
    // at the smallest catalog and radius; the start-up, catalog and index costs cancel out. From the fastest run of
    // each job (the one least slowed by other work on the machine): with medians under load the difference came out
    // negative once. A difference that is still not positive is shown as such, not as a rate.
    private static string? Marginal(List<PeerRun> runs, PeersOptions o)
    {
        var small = runs.Where(r => r.Sources == o.CatalogSizes.Min() && r.RadiusArcsec == o.Radii.Min()).OrderBy(r => r.Nights).ToList();
        if (small.Count < 2) return null;
        var (one, all) = (small[0], small[^1]);
        var alerts = all.Alerts - one.Alerts;
        var ours = Rate(alerts, all.Ours.Min(r => r.Seconds) - one.Ours.Min(r => r.Seconds));
        var theirs = Rate(alerts, all.Theirs.Min(r => r.Seconds) - one.Theirs.Min(r => r.Seconds));
        var ratio = ours is { } a && theirs is { } b ? string.Create(CultureInfo.InvariantCulture, $"{a / b:F2}x") : "-";
        var cpu = $"{Shown(Rate(alerts, all.Ours.Min(r => r.CpuSeconds) - one.Ours.Min(r => r.CpuSeconds)))} / " +
                  $"{Shown(Rate(alerts, all.Theirs.Min(r => r.CpuSeconds) - one.Theirs.Min(r => r.CpuSeconds)))} M alerts per CPU-s";
        var checkedBoth = !one.Check.Contains("FAIL", StringComparison.Ordinal) && !all.Check.Contains("FAIL", StringComparison.Ordinal) ? "ok (both jobs)" : "FAIL";
        return string.Create(CultureInfo.InvariantCulture, $"| {Survey(one.Survey)}, {Sources(one.Sources)} sources at {one.RadiusArcsec}\", marginal scan rate ({all.Nights} nights minus {one.Nights}; fastest runs) | " +
            $"{alerts:N0} | | {Shown(ours)} M alerts/s | {Shown(theirs)} M alerts/s | {ratio} | {cpu} | | {checkedBoth} |");
    }

    private static double? Rate(long alerts, double seconds) => seconds > 0 ? alerts / seconds : null;

    private static string Shown(double? rate) => rate is { } r ? (r / 1e6).ToString("F1", CultureInfo.InvariantCulture) : "n/a (all nights not slower than one)";

    private static string Configuration(PeerRun r) => string.Create(CultureInfo.InvariantCulture, 
        $"{Survey(r.Survey)}, {Sources(r.Sources)} sources at {r.RadiusArcsec}\", {r.Nights} night{(r.Nights > 1 ? "s" : "")}");

    private static string Short(PeerRun r) => r.Check.Contains("FAIL", StringComparison.Ordinal) ? r.Check : "ok: same pairs, both = reference";

    private static void Startup(StringBuilder s, string what, double[] seconds)
    {
        if (seconds.Length == 0) return;
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {PeersBenchmark.Median(seconds):F3} s | {seconds.Min():F3} s | {seconds.Max():F3} s |"));
    }

    private static string Survey(Survey survey) => survey.Name.ToUpperInvariant();

    private static string Sources(int n) => n >= 1_000_000 ? string.Create(CultureInfo.InvariantCulture, $"{n / 1e6:0.#} M") : string.Create(CultureInfo.InvariantCulture, $"{n / 1e3:0.#} k");

    private static string Runs(ProcessRun[] runs) => string.Join(" / ", runs.Select(r => r.Seconds.ToString("F2", CultureInfo.InvariantCulture)));

    private static string Range(ProcessRun[] runs) => string.Create(CultureInfo.InvariantCulture, $"{runs.Min(r => r.Seconds):F2}-{runs.Max(r => r.Seconds):F2}");

    private static string Cpu(ProcessRun[] runs) => runs.All(r => r.CpuSeconds == 0) ? "-" : MedianCpu(runs).ToString("F2", CultureInfo.InvariantCulture);

    // The median CPU time (user + system) of the runs.
    private static double MedianCpu(ProcessRun[] runs) => PeersBenchmark.Median(runs.Select(r => r.CpuSeconds));

    private static string Rss(ProcessRun[] runs) => runs.All(r => r.PeakRssBytes == 0) ? "-" : Measure.MiB(runs.Max(r => r.PeakRssBytes));

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo") && File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':') + 1)..].Trim()
            : "CPU model unknown";

    /// <summary>The load average as /proc/loadavg gives it (1, 5, 15 minutes).</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg")
        ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "unknown";

}
