using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Tests.Matching;

/// <summary>
/// The cell mask's fine layer (small catalogs at small radii): it must never drop an alert within the radius of a
/// source, including at the poles, RA 0/360 and rows near the poles kept whole; it must drop most of what the coarse
/// mask keeps; it is left out where it would not be selective or would not fit its table.
/// </summary>
public class SkyCellMaskFineTests
{
    // Hard spots: both poles and near them, RA 0/360 on either side, the equator, cell corners of the fine grids.
    private static readonly (double Ra, double Dec)[] Spots =
    [
        (0.0, 90.0), (123.0, -90.0), (10.0, 89.9999), (0.0001, -89.99), (359.99999999, 12.0), (0.0, 0.0), (180.0, 45.0),
        (90.0 + 1.0 / 512, -1.0 / 512), (271.3, 72.5), (3.0, -60.0), (45.0, 88.5), (200.0, -87.0), (359.999, -0.001),
    ];

    [Theory]
    [InlineData(0.1)]
    [InlineData(1.5)]
    [InlineData(5)]
    [InlineData(20)]
    public void Every_position_within_the_radius_of_a_source_passes(double radiusArcsec)
    {
        var rng = new Random((int)(radiusArcsec * 10));
        // The spots among 2,000 sources anywhere, so that the mask is the catalog's as built for a job.
        var sources = Enumerable.Range(0, 2000).Select(_ => (Ra: rng.NextDouble() * 360, Dec: Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI))
            .Concat(Spots).ToArray();
        var mask = SkyCellMask.Build(sources.Select(s => s.Ra).ToArray(), sources.Select(s => s.Dec).ToArray(), radiusArcsec)!;
        Assert.True(mask.HasFineLayer, $"no fine layer at {radiusArcsec}\"");
        Assert.True(mask.FineCellsPerDegree >= 4 * mask.CellsPerDegree);
        foreach (var (ra, dec) in sources.Where((_, i) => i % 10 == 0).Concat(Spots))
            for (var k = 0; k < 1000; k++)
            {
                // Mostly on the rim (the hardest case), some anywhere inside.
                var reach = (k % 4 == 0 ? rng.NextDouble() : 1 - 1e-9) * radiusArcsec / 3600;
                var (ara, adec) = CrossMatcherTests.Offset(ra, dec, reach, rng.NextDouble() * 2 * Math.PI);
                Assert.True(mask.MayMatchFine(ara, adec), $"({ara}, {adec}) at {reach * 3600}\" of ({ra}, {dec}) was dropped at {mask.FineCellsPerDegree} cells/degree");
                Assert.True(mask.MayMatch(ara, adec));
            }
    }

    [Fact]
    public void The_fine_layer_drops_most_alerts_the_coarse_mask_keeps()
    {
        var rng = new Random(7);
        double[] Uniform(int n, Func<double> f) => Enumerable.Range(0, n).Select(_ => f()).ToArray();
        var ra = Uniform(75_000, () => rng.NextDouble() * 360);
        var dec = Uniform(75_000, () => Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI);
        var mask = SkyCellMask.Build(ra, dec, 1.5)!;
        var alertRa = Uniform(400_000, () => rng.NextDouble() * 360);
        var alertDec = Uniform(400_000, () => Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI);
        var rows = new int[alertRa.Length];

        var coarse = mask.Filter(alertRa, alertDec, rows);
        var fine = mask.KeepFine(alertRa, alertDec, rows.AsSpan(0, coarse));

        Assert.Equal(512, mask.FineCellsPerDegree);
        Assert.InRange(coarse, 4_000, 20_000);
        Assert.True(fine < coarse / 10, $"{fine} of {coarse} kept");
        // What it keeps is what MayMatchFine keeps, in order.
        var expected = Enumerable.Range(0, alertRa.Length).Where(i => mask.MayMatch(alertRa[i], alertDec[i]) && mask.MayMatchFine(alertRa[i], alertDec[i]));
        Assert.Equal(expected, rows.Take(fine));
    }

    [Fact]
    public void Off_grid_positions_are_kept()
    {
        var mask = SkyCellMask.Build([10.0, 350.0], [20.0, -30.0], 1.5)!;
        Assert.True(mask.HasFineLayer);
        Assert.True(mask.MayMatchFine(10.0, 20.0));
        Assert.False(mask.MayMatchFine(10.01, 20.0));
        Assert.True(mask.MayMatchFine(double.NaN, 0.0));
        Assert.True(mask.MayMatchFine(360.0, 20.0));
        Assert.True(mask.MayMatchFine(-1.0, 20.0));
        Assert.True(mask.MayMatchFine(10.0, 91.0));
    }

    [Fact]
    public void No_fine_layer_at_large_radii_or_for_catalogs_beyond_its_table()
    {
        var rng = new Random(9);
        double[] Uniform(int n, Func<double> f) => Enumerable.Range(0, n).Select(_ => f()).ToArray();
        var ra = Uniform(1_000_000, () => rng.NextDouble() * 360);
        var dec = Uniform(1_000_000, () => Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI);
        Assert.False(SkyCellMask.Build(ra.AsSpan(0, 75_000), dec.AsSpan(0, 75_000), 60)!.HasFineLayer);
        Assert.False(SkyCellMask.Build(ra, dec, 1.5)!.HasFineLayer);
        Assert.True(SkyCellMask.Build(ra.AsSpan(0, 200_000), dec.AsSpan(0, 200_000), 1.5)!.HasFineLayer);
        // Without a layer every position passes it.
        Assert.True(SkyCellMask.Build(ra, dec, 1.5)!.MayMatchFine(1, 1));
    }
}
