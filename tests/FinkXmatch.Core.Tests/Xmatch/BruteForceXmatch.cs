using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Tests.Matching;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>One expected or actual result row, reduced to what the comparison needs.</summary>
internal sealed record XmatchPair(string ObjectId, long Candid, string SourceId, double SeparationArcsec);

/// <summary>
/// The O(alerts × sources) reference: every alert against every source with the haversine formula (no HEALPix, no
/// unit vectors), computed once up to the largest radius and then cut to each radius and rule.
/// </summary>
internal sealed class BruteForceXmatch
{
    private readonly IReadOnlyList<ReferenceAlert> _alerts;
    private readonly string[] _ids;
    // Per alert, the (source, separation) pairs within the largest radius, in catalog order.
    private readonly List<(int Source, double Sep)>[] _within;

    public BruteForceXmatch(IReadOnlyList<ReferenceAlert> alerts, double[] ra, double[] dec, IReadOnlyList<string> ids, double maxRadiusArcsec)
    {
        _alerts = alerts;
        _ids = [.. ids];
        _within = new List<(int, double)>[alerts.Count];
        Parallel.For(0, alerts.Count, a =>
        {
            var list = new List<(int, double)>();
            var alert = alerts[a];
            for (var s = 0; s < ra.Length; s++)
            {
                var sep = BruteForceMatcher.HaversineArcsec(alert.Ra, alert.Dec, ra[s], dec[s]);
                if (sep < maxRadiusArcsec) list.Add((s, sep));
            }
            _within[a] = list;
        });
    }

    public IReadOnlyList<ReferenceAlert> Alerts => _alerts;

    /// <summary>Every (alert, source) pair with separation &lt; radius (all), or each alert's nearest such source.</summary>
    public List<XmatchPair> Expected(double radiusArcsec, MatchMode mode)
    {
        var result = new List<XmatchPair>();
        for (var a = 0; a < _alerts.Count; a++)
        {
            var best = -1;
            var bestSep = double.PositiveInfinity;
            foreach (var (source, sep) in _within[a])
            {
                if (!(sep < radiusArcsec)) continue;
                if (mode == MatchMode.All) result.Add(Pair(a, source, sep));
                else if (sep < bestSep) (best, bestSep) = (source, sep);
            }
            if (mode == MatchMode.Nearest && best >= 0) result.Add(Pair(a, best, bestSep));
        }
        return result;
    }

    /// <summary>Separation of an alert from a source by id, from the reference, or null when beyond the largest radius.</summary>
    public double? Separation(string objectId, long candid, string sourceId)
    {
        for (var a = 0; a < _alerts.Count; a++)
        {
            if (_alerts[a].Candid != candid || _alerts[a].ObjectId != objectId) continue;
            foreach (var (source, sep) in _within[a])
                if (_ids[source] == sourceId) return sep;
        }
        return null;
    }

    private XmatchPair Pair(int alert, int source, double sep) =>
        new(_alerts[alert].ObjectId, _alerts[alert].Candid, _ids[source], sep);
}
