using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>Compares the engine's result rows with the brute-force reference.</summary>
internal static class ResultAssert
{
    public const double SeparationTolerance = 1e-9;

    /// <summary>
    /// Same (objectId, candid, source) pairs, separations within 1e-9 arcsec, each alert once for nearest, and the
    /// selected fields equal to the alert's own values.
    /// </summary>
    public static void EqualsReference(BruteForceXmatch reference, double radiusArcsec, MatchMode mode, IReadOnlyList<ResultRow> actual)
    {
        var expected = reference.Expected(radiusArcsec, mode);
        Assert.Equal(expected.Count, actual.Count);
        Assert.All(actual, r => Assert.True(r.SeparationArcsec < radiusArcsec, $"{r.SeparationArcsec} arcsec is not < {radiusArcsec}"));

        var byAlert = reference.Alerts.ToDictionary(a => (a.ObjectId, a.Candid));
        foreach (var row in actual)
        {
            var alert = byAlert[(row.ObjectId, row.Candid)];
            Assert.Equal(alert.Magpsf, row.Magpsf);
            Assert.Equal(alert.Jd, row.Jd);
        }

        if (mode == MatchMode.Nearest)
        {
            Assert.Equal(actual.Count, actual.Select(r => (r.ObjectId, r.Candid)).Distinct().Count());
            var chosen = actual.ToDictionary(r => (r.ObjectId, r.Candid));
            foreach (var e in expected)
            {
                Assert.True(chosen.TryGetValue((e.ObjectId, e.Candid), out var row), $"alert {e.ObjectId}/{e.Candid} is missing");
                Assert.True(Math.Abs(row!.SeparationArcsec - e.SeparationArcsec) <= SeparationTolerance,
                    $"{e.ObjectId}/{e.Candid}: separation {row.SeparationArcsec:R} vs reference {e.SeparationArcsec:R} (source {row.SourceId} vs {e.SourceId})");
                if (row.SourceId != e.SourceId)
                {
                    // Only a tie within the tolerance may pick another source.
                    var other = reference.Separation(row.ObjectId, row.Candid, row.SourceId);
                    Assert.True(other is { } s && Math.Abs(s - e.SeparationArcsec) <= SeparationTolerance,
                        $"{e.ObjectId}/{e.Candid}: nearest is {e.SourceId} at {e.SeparationArcsec:R}, the engine chose {row.SourceId} at {other:R}");
                }
            }
            return;
        }

        var sortedExpected = expected.OrderBy(p => p.Candid).ThenBy(p => p.ObjectId, StringComparer.Ordinal).ThenBy(p => p.SourceId, StringComparer.Ordinal).ToList();
        var sortedActual = actual.OrderBy(p => p.Candid).ThenBy(p => p.ObjectId, StringComparer.Ordinal).ThenBy(p => p.SourceId, StringComparer.Ordinal).ToList();
        Assert.Equal(sortedExpected.Select(p => (p.ObjectId, p.Candid, p.SourceId)), sortedActual.Select(p => (p.ObjectId, p.Candid, p.SourceId)));
        for (var i = 0; i < sortedExpected.Count; i++)
            Assert.True(Math.Abs(sortedExpected[i].SeparationArcsec - sortedActual[i].SeparationArcsec) <= SeparationTolerance,
                $"{sortedActual[i]}: separation {sortedActual[i].SeparationArcsec:R} vs reference {sortedExpected[i].SeparationArcsec:R}");
    }
}
