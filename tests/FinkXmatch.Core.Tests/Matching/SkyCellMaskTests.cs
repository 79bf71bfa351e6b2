using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Tests.Matching;

/// <summary>The RA/Dec pre-filter must never drop an alert that is within the radius of a source.</summary>
public class SkyCellMaskTests
{
    // Hard spots: both poles and near them, RA 0/360 on either side, the equator, a cell corner at every grid.
    private static readonly (double Ra, double Dec)[] Spots =
    [
        (0.0, 90.0), (123.0, -90.0), (10.0, 89.9999), (0.0001, -89.99), (359.99999999, 12.0), (0.0, 0.0),
        (180.0, 45.0), (90.0 + 1.0 / 64, -1.0 / 64), (271.3, 72.5), (3.0, -60.0),
    ];

    [Theory]
    [InlineData(0, 1.5)]
    [InlineData(3, 1.5)]
    [InlineData(6, 1.5)]
    [InlineData(6, 60)]
    [InlineData(7, 1.5)]
    [InlineData(2, 3600)]
    public void Every_position_within_the_radius_of_a_source_passes(int log2, double radiusArcsec)
    {
        var mask = SkyCellMask.BuildAt(log2, Spots.Select(s => s.Ra).ToArray(), Spots.Select(s => s.Dec).ToArray(), radiusArcsec);
        var rng = new Random(log2 * 1000 + (int)radiusArcsec);
        foreach (var (ra, dec) in Spots)
            for (var k = 0; k < 2000; k++)
            {
                // Mostly on the rim (the hardest case), some anywhere inside.
                var reach = (k % 4 == 0 ? rng.NextDouble() : 1 - 1e-9) * radiusArcsec / 3600;
                var (ara, adec) = CrossMatcherTests.Offset(ra, dec, reach, rng.NextDouble() * 2 * Math.PI);
                Assert.True(mask.MayMatch(ara, adec), $"({ara}, {adec}) at {reach * 3600}\" of ({ra}, {dec}) was dropped at 2^{log2} cells/degree");
            }
    }

    [Fact]
    public void Positions_far_from_every_source_are_dropped_and_off_grid_ones_kept()
    {
        var mask = SkyCellMask.BuildAt(6, [10.0, 350.0], [20.0, -30.0], 1.5);
        Assert.True(mask.MayMatch(10.0, 20.0));
        Assert.False(mask.MayMatch(10.1, 20.0));
        Assert.False(mask.MayMatch(200.0, 20.0));
        Assert.False(mask.MayMatch(350.0, 30.0));
        // Off the grid: left to the exact path.
        Assert.True(mask.MayMatch(double.NaN, 0.0));
        Assert.True(mask.MayMatch(360.0, 20.0));
        Assert.True(mask.MayMatch(-1.0, 20.0));
        Assert.True(mask.MayMatch(10.0, 91.0));
    }

    [Fact]
    public void Grid_gets_finer_with_the_catalog_and_is_left_out_when_it_would_not_reject()
    {
        var rng = new Random(5);
        double[] Uniform(int n, Func<double> f) => Enumerable.Range(0, n).Select(_ => f()).ToArray();
        var ra = Uniform(75_000, () => rng.NextDouble() * 360);
        var dec = Uniform(75_000, () => Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI);
        Assert.Equal(8, SkyCellMask.Build(ra, dec, 1.5)!.CellsPerDegree);
        Assert.Equal(1, SkyCellMask.Build(ra.AsSpan(0, 1000), dec.AsSpan(0, 1000), 1.5)!.CellsPerDegree);
        // As dense as 10 M sources at 1.5": 6.5 % of the cells marked at 1/64 degree, so the finest grid (6.1 %).
        Assert.Equal(128, SkyCellMask.Build(ra, dec, 400)!.CellsPerDegree);
        Assert.Null(SkyCellMask.Build(ra, dec, 3600));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(7)]
    public void Vector_filter_keeps_exactly_what_the_scalar_test_keeps(int log2)
    {
        var rng = new Random(log2);
        var sources = Enumerable.Range(0, 3000).Select(_ => (Ra: rng.NextDouble() * 360, Dec: rng.NextDouble() * 180 - 90)).Concat(Spots).ToArray();
        var mask = SkyCellMask.BuildAt(log2, sources.Select(s => s.Ra).ToArray(), sources.Select(s => s.Dec).ToArray(), 60);
        // Half near sources (kept), half anywhere (mostly dropped), and every kind of off-grid value; 4099 is not a multiple of 4.
        var ra = new double[4099];
        var dec = new double[4099];
        for (var i = 0; i < ra.Length; i++)
        {
            var s = sources[rng.Next(sources.Length)];
            (ra[i], dec[i]) = i % 2 == 0 ? CrossMatcherTests.Offset(s.Ra, s.Dec, rng.NextDouble() * 0.015, rng.NextDouble() * 2 * Math.PI)
                : (rng.NextDouble() * 360, rng.NextDouble() * 180 - 90);
        }
        double[] odd = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1e-300, 360.0, 359.99999999999994, -90.0, 90.0, 90.0000001, -1000];
        for (var k = 0; k < odd.Length; k++)
        {
            ra[100 + k] = odd[k];
            dec[200 + k] = odd[k];
        }
        var vector = new int[ra.Length];
        var scalar = new int[ra.Length];
        var kept = mask.Filter(ra, dec, vector);
        Assert.Equal(scalar.AsSpan(0, mask.FilterScalar(ra, dec, scalar)).ToArray(), vector.AsSpan(0, kept).ToArray());
        Assert.InRange(kept, ra.Length / 2, ra.Length * 3 / 4);
    }

    [Fact]
    public void Vector_filter_keeps_every_pattern_of_eight_lanes_as_the_scalar_test()
    {
        // Each block of eight alerts one of the 256 patterns of kept lanes (a lane kept: on a source, or off the grid),
        // at every offset of the blocks from the start (the vector path takes eight at a time, the tail one by one).
        var rng = new Random(256);
        var sources = Enumerable.Range(0, 2000).Select(_ => (Ra: rng.NextDouble() * 360, Dec: rng.NextDouble() * 160 - 80)).ToArray();
        var mask = SkyCellMask.BuildAt(4, sources.Select(s => s.Ra).ToArray(), sources.Select(s => s.Dec).ToArray(), 1.5);
        for (var shift = 0; shift < 8; shift++)
        {
            var n = shift + 256 * 8 + 5;
            var (ra, dec) = (new double[n], new double[n]);
            for (var i = 0; i < n; i++)
            {
                var pattern = (i - shift) / 8;
                var keep = i >= shift && pattern < 256 && (pattern & (1 << ((i - shift) % 8))) != 0;
                var s = sources[rng.Next(sources.Length)];
                (ra[i], dec[i]) = keep ? (i % 5 == 0 ? (double.NaN, s.Dec) : (s.Ra, s.Dec)) : (rng.NextDouble() * 360, rng.NextDouble() * 180 - 90);
            }
            var vector = new int[n];
            var scalar = new int[n];
            var kept = mask.Filter(ra, dec, vector);
            Assert.Equal(scalar.AsSpan(0, mask.FilterScalar(ra, dec, scalar)).ToArray(), vector.AsSpan(0, kept).ToArray());
            Assert.True(kept >= 256 * 4, $"{kept} kept");
        }
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(7, 2)]
    [InlineData(4, 0)]
    [InlineData(3, 0)]
    [InlineData(2, 0)]   // a fine row of 1,440 bits: not whole words, so a set bit at a time
    public void A_coarsened_cell_is_marked_when_one_of_its_fine_cells_is(int log2, int coarseLog2)
    {
        var rng = new Random(log2 * 10 + coarseLog2);
        var sources = Enumerable.Range(0, 2000).Select(_ => (Ra: rng.NextDouble() * 360, Dec: rng.NextDouble() * 180 - 90)).Concat(Spots).ToArray();
        var fine = SkyCellMask.BuildAt(log2, sources.Select(s => s.Ra).ToArray(), sources.Select(s => s.Dec).ToArray(), 1.5);
        var coarse = fine.Coarsened(coarseLog2);
        Assert.Equal(1 << coarseLog2, coarse.CellsPerDegree);
        // Every fine cell's centre, its corners nudged inwards, and the grid's edges: a position the fine mask keeps is
        // kept by the coarse one, and a coarse cell is marked exactly when one of its fine cells is.
        var factor = 1 << (log2 - coarseLog2);
        var (fineWidth, coarseWidth) = (360 << log2, 360 << coarseLog2);
        var marked = new HashSet<long>();
        for (var w = 0; w < fine.Bits.Length; w++)
            for (var bit = 0; fine.Bits[w] != 0 && bit < 64; bit++)
                if ((fine.Bits[w] & (1UL << bit)) != 0)
                {
                    var cell = w * 64L + bit;
                    marked.Add(cell / fineWidth / factor * coarseWidth + cell % fineWidth / factor);
                }
        for (var cell = 0L; cell < (long)coarseWidth * (180 << coarseLog2); cell++)
            Assert.Equal(marked.Contains(cell), (coarse.Bits[(int)(cell >> 6)] & (1UL << (int)cell)) != 0);
        for (var i = 0; i < 200_000; i++)
        {
            var (ra, dec) = i % 2 == 0 ? (rng.NextDouble() * 360, rng.NextDouble() * 180 - 90)
                : CrossMatcherTests.Offset(sources[i / 2 % sources.Length].Ra, sources[i / 2 % sources.Length].Dec, rng.NextDouble() * 0.001, rng.NextDouble() * 2 * Math.PI);
            if (fine.MayMatch(ra, dec)) Assert.True(coarse.MayMatch(ra, dec), $"({ra:R}, {dec:R}) kept by the fine mask, not the coarse one");
        }
        foreach (var (ra, dec) in new[] { (0.0, -90.0), (359.99999999999994, 90.0), (0.0, 90.0), (359.99999999999994, -90.0) })
            if (fine.MayMatch(ra, dec)) Assert.True(coarse.MayMatch(ra, dec));
        Assert.Throws<ArgumentOutOfRangeException>(() => fine.Coarsened(log2));
    }

    [Theory]
    [InlineData(2, 3600)]
    [InlineData(5, 1.5)]
    [InlineData(5, 60)]
    [InlineData(6, 1.5)]
    public void Catalog_order_and_band_order_mark_the_same_cells(int log2, double radiusArcsec)
    {
        // Enough sources for the band order's split between two cores, some at the poles and on RA 0/360.
        var rng = new Random(log2);
        var sources = Enumerable.Range(0, 140_000).Select(i => i % 1000 < Spots.Length ? Spots[i % 1000]
            : (rng.NextDouble() * 360, Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI)).ToArray();
        var ra = sources.Select(s => s.Item1).ToArray();
        var dec = sources.Select(s => s.Item2).ToArray();

        var inOrder = BuildInOrder(true, log2, ra, dec, radiusArcsec);
        var byBand = BuildInOrder(false, log2, ra, dec, radiusArcsec);

        Assert.True(inOrder.Bits.SequenceEqual(byBand.Bits), "the two orders marked different cells");
        Assert.True(inOrder.MarkedShare > 0);
    }

    /// <summary>
    /// Split between cores (catalog order: each core marks its side of the median Dec; band order: the copy by band in
    /// ranges, then the halves), the marking must set the cells one core sets, with sources crowded at the split.
    /// </summary>
    [Theory]
    [InlineData(5, 1.5)]
    [InlineData(6, 60)]
    [InlineData(3, 3600)]
    public void Marking_split_between_cores_sets_the_cells_of_one_core(int log2, double radiusArcsec)
    {
        var rng = new Random(40 + log2);
        var sources = Enumerable.Range(0, 160_000).Select(i => i % 1000 < Spots.Length ? Spots[i % 1000]
            : i % 4 == 0 ? (rng.NextDouble() * 360, (rng.NextDouble() - 0.5) * 0.05)
            : (rng.NextDouble() * 360, Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI)).ToArray();
        var ra = sources.Select(s => s.Item1).ToArray();
        var dec = sources.Select(s => s.Item2).ToArray();
        var one = WithCoreRanges.Build(1, () => BuildInOrder(true, log2, ra, dec, radiusArcsec));
        Assert.True(one.MarkedShare > 0);
        foreach (var ranges in new[] { 2, 3 })
            foreach (var catalogOrder in new[] { true, false })
            {
                var split = WithCoreRanges.Build(ranges, () => BuildInOrder(catalogOrder, log2, ra, dec, radiusArcsec));
                Assert.True(one.Bits.SequenceEqual(split.Bits), $"{ranges} ranges, catalog order {catalogOrder}: other cells");
            }
    }

    private static SkyCellMask BuildInOrder(bool catalogOrder, int log2, double[] ra, double[] dec, double radiusArcsec)
    {
        SkyCellMask.InCatalogOrderForTests = catalogOrder;
        try
        {
            return SkyCellMask.BuildAt(log2, ra, dec, radiusArcsec);
        }
        finally
        {
            SkyCellMask.InCatalogOrderForTests = null;
        }
    }

    [Fact]
    public void Off_grid_alerts_are_kept_by_the_vector_filter_where_the_cell_it_looks_up_is_empty()
    {
        // No source near the south pole: the cell the vector path looks up for an off-grid lane (0, -90) is not
        // marked, so only the off-grid test keeps those alerts, as the scalar test does.
        var rng = new Random(11);
        var sources = Enumerable.Range(0, 500).Select(_ => (Ra: 10 + rng.NextDouble() * 340, Dec: rng.NextDouble() * 120 - 60)).ToArray();
        var mask = SkyCellMask.BuildAt(3, sources.Select(s => s.Ra).ToArray(), sources.Select(s => s.Dec).ToArray(), 1.5);
        Assert.False(mask.MayMatch(0, -90));
        double[] ra = [double.NaN, 10, 400, -1, 20, double.PositiveInfinity, 30, 40];
        double[] dec = [0, double.NaN, 0, 0, 95, 0, -90.5, double.NegativeInfinity];
        var vector = new int[ra.Length];
        var scalar = new int[ra.Length];
        var kept = mask.Filter(ra, dec, vector);
        Assert.Equal(Enumerable.Range(0, ra.Length).ToArray(), vector.AsSpan(0, kept).ToArray());
        Assert.Equal(scalar.AsSpan(0, mask.FilterScalar(ra, dec, scalar)).ToArray(), vector.AsSpan(0, kept).ToArray());
    }
}
