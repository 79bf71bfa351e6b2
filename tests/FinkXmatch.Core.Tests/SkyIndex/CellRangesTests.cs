using FinkXmatch.Core.Sky;
using FinkXmatch.Core.SkyIndex;

namespace FinkXmatch.Core.Tests.SkyIndex;

/// <summary>
/// The index cells of a shape: coarser cells become runs of index cells, and a disc's cells (found at an order fitted to
/// its radius) hold every point of the disc, checked on points drawn inside discs of 0.5" to 5 degrees, at the poles and
/// across RA 0/360.
/// </summary>
public sealed class CellRangesTests
{
    [Fact]
    public void A_coarser_cell_is_the_run_of_the_index_cells_inside_it()
    {
        const int order = 7;
        var shift = 2 * (NightIndexFile.Order - order);
        var ranges = CellRanges.Of([5L, 6L, 100L], order);
        Assert.Equal(2, ranges.RunCount);
        Assert.Equal(3L << shift, ranges.CellCount);
        Assert.True(ranges.Contains(5 << shift));
        Assert.True(ranges.Contains((7 << shift) - 1));
        Assert.False(ranges.Contains(7 << shift));
        Assert.False(ranges.Contains((5 << shift) - 1));
        Assert.True(ranges.Contains((101 << shift) - 1));
        Assert.False(ranges.Contains(101 << shift));
        Assert.True(ranges.Overlaps(0, 5 << shift));
        Assert.False(ranges.Overlaps(7 << shift, (100 << shift) - 1));
    }

    [Fact]
    public void Keeping_some_runs_keeps_exactly_their_cells()
    {
        var ranges = CellRanges.Of([1L, 2L, 3L, 10L, 20L, 21L, 40L]);
        var kept = ranges.Keep((first, _) => first != 10);
        Assert.Equal(3, kept.RunCount);
        Assert.Equal(6, kept.CellCount);
        Assert.All(new[] { 1, 2, 3, 20, 21, 40 }, c => Assert.True(kept.Contains(c)));
        Assert.False(kept.Contains(10));
        Assert.Equal(0, ranges.Keep((_, _) => false).RunCount);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(5)]
    [InlineData(60)]
    [InlineData(3600)]
    [InlineData(18_000)]
    public void Every_point_of_a_disc_is_in_its_cells(double radiusArcsec)
    {
        var random = new Random(11);
        var centres = new List<(double Ra, double Dec)> { (0, 90), (0, -90), (0, 0), (359.9999, 10), (45, 41.8103149), (180, -41.8103149) };
        for (var i = 0; i < 20; i++) centres.Add((random.NextDouble() * 360, Math.Asin(random.NextDouble() * 2 - 1) * 180 / Math.PI));
        foreach (var (ra, dec) in centres)
        {
            var cells = CellRanges.OfDiscs([ra], [dec], radiusArcsec);
            for (var k = 0; k < 400; k++)
            {
                var (pra, pdec) = PointInside(random, ra, dec, radiusArcsec / 3600.0 * (k < 200 ? 1 : random.NextDouble()));
                Assert.True(Separation.Arcsec(ra, dec, pra, pdec) <= radiusArcsec + 1e-6, $"({pra}, {pdec}) is {Separation.Arcsec(ra, dec, pra, pdec)}\" from ({ra}, {dec})");
                Assert.True(cells.Contains((int)Healpix.Ang2PixNest(NightIndexFile.Nside, pra, pdec)),
                    $"({pra}, {pdec}), {Separation.Arcsec(ra, dec, pra, pdec)}\" from ({ra}, {dec}), is outside the cells of the {radiusArcsec}\" disc");
            }
        }
    }

    [Fact]
    public void Small_discs_name_few_index_cells()
    {
        // A 1.5" disc names one to four 26" cells: what lets a small catalog skip most of a night's positions.
        var random = new Random(3);
        var counts = Enumerable.Range(0, 500)
            .Select(_ => CellRanges.OfDiscs([random.NextDouble() * 360], [Math.Asin(random.NextDouble() * 2 - 1) * 180 / Math.PI], 1.5).CellCount)
            .ToArray();
        Assert.All(counts, c => Assert.InRange(c, 1, 4));
        Assert.InRange(counts.Average(), 1, 1.5);
    }

    // A point at angular distance distanceDeg from the centre, in a random direction: by unit vectors, which keep
    // their precision at the poles (the spherical destination formula's asin does not).
    private static (double Ra, double Dec) PointInside(Random random, double raDeg, double decDeg, double distanceDeg)
    {
        const double rad = Math.PI / 180;
        var (a, b) = (raDeg * rad, decDeg * rad);
        double[] c = [Math.Cos(b) * Math.Cos(a), Math.Cos(b) * Math.Sin(a), Math.Sin(b)];
        double[] east = [-Math.Sin(a), Math.Cos(a), 0];
        double[] north = [-Math.Sin(b) * Math.Cos(a), -Math.Sin(b) * Math.Sin(a), Math.Cos(b)];
        var (bearing, d) = (random.NextDouble() * 2 * Math.PI, distanceDeg * rad);
        var p = new double[3];
        for (var i = 0; i < 3; i++) p[i] = c[i] * Math.Cos(d) + (east[i] * Math.Sin(bearing) + north[i] * Math.Cos(bearing)) * Math.Sin(d);
        var ra = (Math.Atan2(p[1], p[0]) / rad + 360) % 360;
        return (ra >= 360 ? 0 : ra, Math.Atan2(p[2], Math.Sqrt(p[0] * p[0] + p[1] * p[1])) / rad);
    }
}
