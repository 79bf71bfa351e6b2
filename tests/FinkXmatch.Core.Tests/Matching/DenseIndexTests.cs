using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Tests.Matching;

/// <summary>
/// A catalog dense enough for the index's fine-order summary (many entries per nside-128 pixel, as 10 M sources
/// give): the indexed matcher must still equal brute force, with the summary in use.
/// </summary>
public class DenseIndexTests
{
    [Theory]
    [InlineData(1.5, MatchMode.Nearest)]
    [InlineData(1.5, MatchMode.All)]
    [InlineData(60, MatchMode.Nearest)]
    [InlineData(60, MatchMode.All)]
    public void Dense_patch_equals_brute_force(double radiusArcsec, MatchMode mode)
    {
        var rng = new Random(8 + (int)radiusArcsec);
        const int sources = 20_000;
        var srcRa = new double[sources];
        var srcDec = new double[sources];
        for (var i = 0; i < sources; i++)
            (srcRa[i], srcDec[i]) = CrossMatcherTests.Offset(200, 30, 1.5 * Math.Sqrt(rng.NextDouble()), rng.NextDouble() * 2 * Math.PI);
        var alertRa = new double[1500];
        var alertDec = new double[1500];
        for (var i = 0; i < alertRa.Length; i++)
        {
            // Most alerts within 1.5 radii of a source, the rest anywhere in the patch.
            var s = rng.Next(sources);
            var (ra, dec) = i % 4 == 3 ? (200.0, 30.0) : (srcRa[s], srcDec[s]);
            var reach = i % 4 == 3 ? 1.6 * Math.Sqrt(rng.NextDouble()) : rng.NextDouble() * 1.5 * radiusArcsec / 3600;
            (alertRa[i], alertDec[i]) = CrossMatcherTests.Offset(ra, dec, reach, rng.NextDouble() * 2 * Math.PI);
        }

        var index = HealpixIndex.Build(srcRa, srcDec, radiusArcsec);
        Assert.True(index.HasFineSummary, "the patch should be dense enough for the fine summary");
        var matches = new List<AlertMatch>();
        new CrossMatcher(index, mode).Match(alertRa, alertDec, matches);
        var expected = BruteForceMatcher.Match(alertRa, alertDec, srcRa, srcDec, radiusArcsec, mode);

        Assert.True(expected.Count > 500, $"the test data should produce matches, got {expected.Count}");
        var actual = matches.OrderBy(m => m.AlertRow).ThenBy(m => m.SourceIndex).Select(m => (m.AlertRow, m.SourceIndex));
        Assert.Equal(expected.OrderBy(m => m.AlertRow).ThenBy(m => m.SourceIndex).Select(m => (m.AlertRow, m.SourceIndex)), actual);
    }

    [Fact]
    public void Fine_order_keeps_pixels_eight_radii_wide_or_four_for_dense_catalogs()
    {
        Assert.Equal(14, HealpixIndex.FineOrderFor(1.5));
        Assert.Equal(8, HealpixIndex.FineOrderFor(60));
        Assert.Equal(7, HealpixIndex.FineOrderFor(3600));
        Assert.Equal(16, HealpixIndex.FineOrderFor(0.01));
        // Dense catalogs at large radii: pixels down to 4 radii wide once a fine pixel would hold more than one source.
        Assert.Equal(8, HealpixIndex.FineOrderFor(60, 75_000));
        Assert.Equal(9, HealpixIndex.FineOrderFor(60, 1_000_000));
        Assert.Equal(9, HealpixIndex.FineOrderFor(60, 10_000_000));
        Assert.Equal(14, HealpixIndex.FineOrderFor(1.5, 10_000_000));
    }
}
