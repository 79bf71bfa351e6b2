using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Sky;

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

    [Fact]
    public void Sparse_catalogs_get_coarser_pixels_as_long_as_a_fine_pixel_stays_nearly_empty()
    {
        // Other sources per source in its nside-128 pixel: 10 M, 1 M, 75 k sources over the whole sky, and none.
        Assert.Equal(12, HealpixIndex.FineOrderFor(1.5, 10_000_000, 50.9));
        Assert.Equal(11, HealpixIndex.FineOrderFor(1.5, 1_000_000, 5.09));
        Assert.Equal(9, HealpixIndex.FineOrderFor(1.5, 75_000, 0.38));
        Assert.Equal(7, HealpixIndex.FineOrderFor(1.5, 400, 0));
        // A catalog packed into a small patch keeps the order of its radius; coarser radii are never made finer.
        Assert.Equal(14, HealpixIndex.FineOrderFor(1.5, 20_000, 590));
        Assert.Equal(9, HealpixIndex.FineOrderFor(60, 10_000_000, 50.9));
        Assert.Equal(8, HealpixIndex.FineOrderFor(60, 75_000, 0.38));
    }

    [Fact]
    public void Neighbours_per_pixel_are_estimated_whatever_the_catalog_order()
    {
        var rng = new Random(3);
        const int n = 1_000_000;
        var ra = new double[n];
        var dec = new double[n];
        for (var i = 0; i < n; i++)
        {
            // Half over the sky, half in a 10-degree cap: pixels of very different occupancy.
            ra[i] = rng.NextDouble() * 360;
            dec[i] = i % 2 == 0 ? Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI : 80 + 10 * rng.NextDouble();
        }
        var counts = new Dictionary<long, long>();
        for (var i = 0; i < n; i++) counts[Healpix.Ang2PixNest(128, ra[i], dec[i])] = counts.GetValueOrDefault(Healpix.Ang2PixNest(128, ra[i], dec[i])) + 1;
        var exact = counts.Values.Sum(c => c * (c - 1.0)) / n;

        Assert.InRange(HealpixIndex.PixelNeighbours(ra, dec), 0.9 * exact, 1.1 * exact);
        // Sorted by Dec, as many catalogs are: every k-th source would see no pair at all.
        var order = Enumerable.Range(0, n).OrderBy(i => dec[i]).ToArray();
        Assert.InRange(HealpixIndex.PixelNeighbours(order.Select(i => ra[i]).ToArray(), order.Select(i => dec[i]).ToArray()), 0.9 * exact, 1.1 * exact);
        // A small catalog is counted exactly.
        var smallCounts = ra.Take(5000).Zip(dec.Take(5000)).GroupBy(p => Healpix.Ang2PixNest(128, p.First, p.Second)).Select(g => (double)g.Count());
        Assert.Equal(smallCounts.Sum(c => c * (c - 1)) / 5000, HealpixIndex.PixelNeighbours(ra.AsSpan(0, 5000), dec.AsSpan(0, 5000)), 9);
    }
}
