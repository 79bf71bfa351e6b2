using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.Tests.Sky;

/// <summary>The ZTF DR7 footprint: bitmap membership against the raw per-order lists, sky fraction, the embedded copy.</summary>
public class MocCoverageTests
{
    [Fact]
    public void EmbeddedFootprintIsTheSharedMoc()
    {
        var shared = SkyCoverage.FromJson(File.ReadAllBytes(TestData.Path("ztf_dr7_moc.json")));
        Assert.Equal(9, SkyCoverage.Ztf.Order);
        Assert.Equal(shared.CoveredPixelCount, SkyCoverage.Ztf.CoveredPixelCount);
        Assert.Same(SkyCoverage.Ztf, SkyCoverage.Ztf);
        long npix9 = 12L << 18;
        for (long p = 0; p < npix9; p += 97) Assert.Equal(shared.ContainsPixel(p), SkyCoverage.Ztf.ContainsPixel(p));
    }

    [Fact]
    public void SkyFractionIsTheAreaSumOverOrders()
    {
        var cells = MocReference.ZtfCells;
        double expected = cells.Sum(kv => kv.Value.Count / (12.0 * Math.Pow(4, kv.Key)));
        Assert.Equal(expected, SkyCoverage.Ztf.SkyFraction, 1e-12);
        // Order-9 pixel count the long way: each order-o cell holds 4^(9-o) order-9 pixels (the MOC has no overlaps).
        Assert.Equal(cells.Sum(kv => kv.Value.Count * (1L << (2 * (9 - kv.Key)))), SkyCoverage.Ztf.CoveredPixelCount);
        Assert.InRange(SkyCoverage.Ztf.SkyFraction, 0.70, 0.76); // ZTF sees Dec > -30: about three quarters of the sky
    }

    [Fact]
    public void ContainsAgreesWithTheRawListsOnRandomPoints()
    {
        var rng = new Random(20240607);
        int inside = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var (ra, dec) = RandomPoints.Centre(rng, edgeNside: 512);
            bool expected = MocReference.Contains(ra, dec);
            Assert.True(expected == SkyCoverage.Ztf.Contains(ra, dec), $"({ra:R}, {dec:R}) expected {expected}");
            if (expected) inside++;
        }
        Assert.InRange(inside, 5_000, 17_000); // both outcomes are exercised
    }

    [Fact]
    public void ContainsAgreesWithTheRawListsOnThe3HspCatalog()
    {
        var (ra, dec) = MocReference.ThreeHspPositions();
        int expectedInside = 0;
        for (int i = 0; i < ra.Length; i++)
        {
            bool expected = MocReference.Contains(ra[i], dec[i]);
            Assert.Equal(expected, SkyCoverage.Ztf.Contains(ra[i], dec[i]));
            if (expected) expectedInside++;
        }
        Assert.Equal(expectedInside, SkyCoverage.Ztf.CountInside(ra, dec));
        Assert.Equal(expectedInside / (double)ra.Length, SkyCoverage.Ztf.InsideFraction(ra, dec), 1e-15);
        // Sources south of Dec -31 are never observed by ZTF (Palomar, latitude +33).
        for (int i = 0; i < ra.Length; i++)
            if (dec[i] < -31.5) Assert.False(SkyCoverage.Ztf.Contains(ra[i], dec[i]));
    }

    [Fact]
    public void CoveredCellCentresAreInside()
    {
        foreach (var (order, cells) in MocReference.ZtfCells)
        {
            foreach (long cell in cells.Take(50))
            {
                var (ra, dec) = Healpix.Pix2AngNest(1 << order, cell);
                Assert.True(SkyCoverage.Ztf.Contains(ra, dec));
            }
        }
    }

    [Fact]
    public void InvalidPositionsAreOutsideAndEmptyInputHasZeroFraction()
    {
        Assert.False(SkyCoverage.Ztf.Contains(double.NaN, 10));
        Assert.False(SkyCoverage.Ztf.Contains(10, 91));
        Assert.False(SkyCoverage.Ztf.Contains(10, double.NaN));
        Assert.Equal(0.0, SkyCoverage.Ztf.InsideFraction([], []));
        Assert.Throws<ArgumentException>(() => SkyCoverage.Ztf.InsideFraction([1.0], []));
    }
}
