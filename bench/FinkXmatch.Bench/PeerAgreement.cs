using System.Globalization;

namespace FinkXmatch.Bench;

/// <summary>
/// Whether FinkXmatch's and the peer's answers are the same: as many rows, the same (alert, source) pairs, the same
/// separations (to 1 µas). A pair that one side has and the other not is forgiven only at the boundary, where the
/// separation is within 1e-9" of the radius and the two distance formulas may round to either side.
/// </summary>
internal static class PeerAgreement
{
    public static string Compare(IReadOnlyList<PeerMatch> ours, IReadOnlyList<PeerMatch> theirs, double radiusArcsec)
    {
        var problems = new List<string>();
        var mine = ByAlert(ours, "FinkXmatch", problems);
        var peer = ByAlert(theirs, "DuckDB", problems);
        var boundary = 0;
        foreach (var (alert, m) in mine)
        {
            if (!peer.TryGetValue(alert, out var p))
            {
                if (radiusArcsec - m.SeparationArcsec < 1e-9) boundary++;
                else problems.Add($"alert {alert}: FinkXmatch {m.SourceId} at {m.SeparationArcsec}\", DuckDB none");
            }
            else if (p.SourceId != m.SourceId || Math.Abs(p.SeparationArcsec - m.SeparationArcsec) > 1e-6)
                problems.Add($"alert {alert}: FinkXmatch {m.SourceId} at {m.SeparationArcsec}\", DuckDB {p.SourceId} at {p.SeparationArcsec}\"");
        }
        foreach (var (alert, p) in peer)
            if (!mine.ContainsKey(alert))
            {
                if (radiusArcsec - p.SeparationArcsec < 1e-9) boundary++;
                else problems.Add($"alert {alert}: DuckDB {p.SourceId} at {p.SeparationArcsec}\", FinkXmatch none");
            }
        if (problems.Count > 0)
        {
            foreach (var p in problems.Take(10)) Console.Error.WriteLine("  PEERS: " + p);
            return $"FAIL ({problems.Count} differences between the engines)";
        }
        return string.Create(CultureInfo.InvariantCulture, $"same {ours.Count:N0} (alert, source) pairs{(boundary > 0 ? $", {boundary} at the boundary" : "")}");
    }

    // Nearest per alert: an alert given twice is a difference.
    private static Dictionary<long, PeerMatch> ByAlert(IReadOnlyList<PeerMatch> rows, string engine, List<string> problems)
    {
        var byAlert = new Dictionary<long, PeerMatch>(rows.Count);
        foreach (var row in rows)
            if (!byAlert.TryAdd(row.AlertId, row)) problems.Add($"alert {row.AlertId}: {engine} gives it twice");
        return byAlert;
    }
}
