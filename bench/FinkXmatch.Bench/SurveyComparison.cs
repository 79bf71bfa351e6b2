using System.Globalization;
using System.Text;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Bench;

/// <summary>
/// LSST against ZTF in the same run: each configuration measured on both surveys' datalakes (same alerts, nights,
/// catalog and radius; run one after the other, so under the same load), the LSST/ZTF ratio of the time per alert, the
/// stages' CPU time per alert on each, and the time one year of LSST alerts would take at the measured rate.
/// </summary>
internal static class SurveyComparison
{
    /// <summary>Alerts Rubin sends in a year (about 10 million a night).</summary>
    public const double LsstYearAlerts = 3.5e9;

    public static void Append(StringBuilder md, IReadOnlyList<XmatchRun> runs)
    {
        var pairs = (from z in runs.Where(r => r.Datalake.Survey == Survey.Ztf)
                     join l in runs.Where(r => r.Datalake.Survey == Survey.Lsst) on Key(z) equals Key(l)
                     select (Ztf: z, Lsst: l)).ToList();
        if (pairs.Count == 0) return;
        var c = CultureInfo.InvariantCulture;
        md.AppendLine("LSST against ZTF, configuration by configuration (same run, one after the other). Ratio: LSST time per alert over ZTF's " +
            "(below 1: LSST is faster), from the wall-clock rates and from the per-CPU-second rates. Stages: CPU time of the scanning threads per alert, ZTF / LSST, ns. " +
            "One LSST year: 3.5 billion alerts at the LSST rate measured (wall clock on these cores; one core at the per-CPU-second rate).");
        md.AppendLine();
        md.AppendLine("| datalakes | nights | sources | radius | ZTF alerts/s | LSST alerts/s | LSST/ZTF per alert | per CPU-second ZTF / LSST | LSST/ZTF per CPU-second | open | ra/dec | match | materialize | write | one LSST year | one LSST year, one core |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (z, l) in pairs)
        {
            string Stage(XmatchStage s) => string.Create(c, $"{Ns(z, s):F1} / {Ns(l, s):F1}");
            md.AppendLine(c, $"| {z.Datalake.Name} / {l.Datalake.Name} | {l.Nights} | {XmatchReport.Count(l.Sources)} | {l.RadiusArcsec}\" | " +
                $"{z.AlertsPerSecond / 1e6:F1} M | {l.AlertsPerSecond / 1e6:F1} M | {z.AlertsPerSecond / l.AlertsPerSecond:F2} | " +
                $"{z.AlertsPerCpuSecond / 1e6:F1} M / {l.AlertsPerCpuSecond / 1e6:F1} M | {z.AlertsPerCpuSecond / l.AlertsPerCpuSecond:F2} | " +
                $"{Stage(XmatchStage.Open)} | {Stage(XmatchStage.Positions)} | {Stage(XmatchStage.Match)} | {Stage(XmatchStage.Materialize)} | {Stage(XmatchStage.Sink)} | " +
                $"{Duration(LsstYearAlerts / l.AlertsPerSecond)} | {Duration(LsstYearAlerts / l.AlertsPerCpuSecond)} |");
        }
        md.AppendLine();
    }

    // The same configuration on either survey: catalog, radius, cutouts or not, and the share of the nights scanned.
    private static (int, double, bool, int) Key(XmatchRun r) => (r.Sources, r.RadiusArcsec, r.Datalake.Cutouts, r.Datalake.Nights / r.Nights);

    private static double Ns(XmatchRun r, XmatchStage stage) => r.StageSeconds[stage] * 1e9 / r.Alerts;

    private static string Duration(double seconds) => seconds >= 120
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F1} min")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds:F0} s");
}
