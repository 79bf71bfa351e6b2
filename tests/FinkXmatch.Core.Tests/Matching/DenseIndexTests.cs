using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Tests.Matching;

/// <summary>
/// A catalog dense enough for the index's fine-order summary (many entries per nside-128 pixel, as 10 M sources
/// give): the indexed matcher must still equal brute force, with the summary in use and with the direct
/// fine-pixel table that whole-sky dense catalogs get instead.
/// </summary>
public class DenseIndexTests
{
    [Theory]
    [InlineData(1.5, MatchMode.Nearest, false)]
    [InlineData(1.5, MatchMode.All, false)]
    [InlineData(60, MatchMode.Nearest, false)]
    [InlineData(60, MatchMode.All, false)]
    [InlineData(60, MatchMode.Nearest, true)]
    [InlineData(60, MatchMode.All, true)]
    public void Dense_patch_equals_brute_force(double radiusArcsec, MatchMode mode, bool fineTable)
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

        // (At 1.5" the fine order is 14: a direct table would hold 3.2 G offsets, so it is tested at 60" only.)
        var index = HealpixIndex.Build(srcRa, srcDec, radiusArcsec, fineTable);
        if (fineTable) Assert.True(index.HasFineTable, "the direct fine table should be in use");
        else Assert.True(index.HasFineSummary, "the patch should be dense enough for the fine summary");
        var matches = new List<AlertMatch>();
        new CrossMatcher(index, mode).Match(alertRa, alertDec, matches);
        var expected = BruteForceMatcher.Match(alertRa, alertDec, srcRa, srcDec, radiusArcsec, mode);

        Assert.True(expected.Count > 500, $"the test data should produce matches, got {expected.Count}");
        var actual = matches.OrderBy(m => m.AlertRow).ThenBy(m => m.SourceIndex).Select(m => (m.AlertRow, m.SourceIndex));
        Assert.Equal(expected.OrderBy(m => m.AlertRow).ThenBy(m => m.SourceIndex).Select(m => (m.AlertRow, m.SourceIndex)), actual);
    }

    [Fact]
    public void Whole_sky_dense_catalogs_at_large_radii_get_the_direct_table()
    {
        // About 1.9 entries per source at 60" (fine order 8 or 9: 0.8 M or 3.1 M fine pixels); about 1.0 at 1.5" (order 14).
        Assert.True(HealpixIndex.UsesFineTable(8, 150_000));
        Assert.False(HealpixIndex.UsesFineTable(8, 90_000));
        Assert.True(HealpixIndex.UsesFineTable(9, 1_900_000));
        Assert.True(HealpixIndex.UsesFineTable(9, 19_000_000));
        Assert.False(HealpixIndex.UsesFineTable(14, 10_000_000));
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
