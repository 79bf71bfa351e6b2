using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Sky;

public class HealpixOrderingTests
{
    public static TheoryData<int> SmallNsides => new() { 1, 2, 4, 8, 16, 32, 64, 128 };

    [Theory]
    [MemberData(nameof(SmallNsides))]
    public void NestRing_AllPixels_RoundTripAndAgreeWithAng2PixOfCentres(int nside)
    {
        long npix = Healpix.Npix(nside);
        Assert.Equal(12L * nside * nside, npix);
        var seen = new bool[npix];
        for (long nest = 0; nest < npix; nest++)
        {
            long ring = Healpix.Nest2Ring(nside, nest);
            Assert.InRange(ring, 0, npix - 1);
            Assert.False(seen[ring], $"ring {ring} reached twice");
            seen[ring] = true;
            Assert.Equal(nest, Healpix.Ring2Nest(nside, ring));
            var (ra, dec) = Healpix.Pix2AngNest(nside, nest);
            Assert.Equal(nest, Healpix.Ang2PixNest(nside, ra, dec));
            Assert.Equal(ring, Healpix.Ang2PixRing(nside, ra, dec));
            var (ringRa, ringDec) = Healpix.Pix2AngRing(nside, ring);
            Assert.Equal(dec, ringDec, 9);
            if (Math.Abs(dec) < 89.9) Assert.Equal(0.0, AngleDiff(ra, ringRa), 9);
        }
    }

    [Fact]
    public void RingScheme_Nside4_IsOrderedByRingThenLongitude()
    {
        // The RING scheme numbers pixels north to south, and west to east within a ring: dec never increases, and
        // within a ring (equal dec) RA increases. An independent check of the numbering, not of the conversion.
        const int nside = 4;
        for (long p = 1; p < Healpix.Npix(nside); p++)
        {
            var (ra0, dec0) = Healpix.Pix2AngRing(nside, p - 1);
            var (ra1, dec1) = Healpix.Pix2AngRing(nside, p);
            Assert.True(dec1 <= dec0 + 1e-12);
            if (Math.Abs(dec1 - dec0) < 1e-12) Assert.True(ra1 > ra0);
        }
        Assert.Equal(0, Healpix.Ang2PixRing(nside, 45.0, 89.0));
        Assert.Equal(Healpix.Npix(nside) - 1, Healpix.Ang2PixRing(nside, 359.0, -89.0));
    }

    [Fact]
    public void NestRing_RandomPixelsAtMaxNside_RoundTripAndAgreeWithCentres()
    {
        const int nside = Healpix.MaxNside;
        long npix = Healpix.Npix(nside);
        Assert.Equal(12L << 58, npix);
        var rng = new Random(20240529);
        for (int i = 0; i < 20000; i++)
        {
            long nest = i < 8 ? new[] { 0, 1, npix / 2, npix - 1, npix / 12, 4 * (npix / 12), 8 * (npix / 12) - 1, npix - 2 }[i]
                              : rng.NextInt64(npix);
            long ring = Healpix.Nest2Ring(nside, nest);
            Assert.InRange(ring, 0, npix - 1);
            Assert.Equal(nest, Healpix.Ring2Nest(nside, ring));
            var (ra, dec) = Healpix.Pix2AngNest(nside, nest);
            Assert.Equal(nest, Healpix.Ang2PixNest(nside, ra, dec));
            Assert.Equal(ring, Healpix.Ang2PixRing(nside, ra, dec));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(128)]
    public void Neighbours_AreMutualAdjacentAndOnlyMissingAtThreeFaceCorners(int nside)
    {
        Span<long> nb = stackalloc long[8], back = stackalloc long[8];
        double maxStep = 2.2 * Healpix.MaxPixelRadiusRad(nside) * 180 / Math.PI;
        int missing = 0;
        for (long p = 0; p < Healpix.Npix(nside); p++)
        {
            Healpix.NeighboursNest(nside, p, nb);
            var (ra, dec) = Healpix.Pix2AngNest(nside, p);
            for (int i = 0; i < 8; i++)
            {
                if (nb[i] < 0) { missing++; continue; }
                Assert.NotEqual(p, nb[i]);
                Healpix.NeighboursNest(nside, nb[i], back);
                Assert.True(back.Contains(p), $"{p} not a neighbour of its neighbour {nb[i]}");
                var (nra, ndec) = Healpix.Pix2AngNest(nside, nb[i]);
                Assert.True(Haversine.Degrees(ra, dec, nra, ndec) < maxStep, $"{p} -> {nb[i]} too far");
            }
        }
        // 8 corners where three base faces meet, each touched by 3 pixels missing one neighbour (nside 1: fewer).
        if (nside > 1) Assert.Equal(24, missing);
    }

    [Fact]
    public void MaxPixRad_BoundsDistanceOfEveryPointToItsPixelCentre()
    {
        var rng = new Random(7);
        for (int order = 0; order <= 12; order += 2)
        {
            int nside = 1 << order;
            double bound = Healpix.MaxPixelRadiusRad(nside) * 180 / Math.PI, worst = 0;
            for (int i = 0; i < 40000; i++)
            {
                var (ra, dec) = RandomPoints.Centre(rng);
                var (cra, cdec) = Healpix.Pix2AngNest(nside, Healpix.Ang2PixNest(nside, ra, dec));
                worst = Math.Max(worst, Haversine.Degrees(ra, dec, cra, cdec) / bound);
            }
            Assert.True(worst <= 1.0 + 1e-9, $"order {order}: a point at {worst} max_pixrad from its centre");
            Assert.True(worst > 0.5, $"order {order}: {worst}, sampling too sparse to mean anything");
        }
    }

    [Fact]
    public void InvalidArguments_Throw()
    {
        foreach (int nside in new[] { 0, -1, 3, 12, 1 << 30, int.MaxValue, int.MinValue })
            Assert.Throws<ArgumentOutOfRangeException>(() => Healpix.Npix(nside));
        Assert.Throws<ArgumentOutOfRangeException>(() => Healpix.Ang2PixNest(128, 10, 90.0000001));
        Assert.Throws<ArgumentOutOfRangeException>(() => Healpix.Ang2PixRing(128, 10, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Healpix.Ang2PixNest(128, double.PositiveInfinity, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Healpix.Pix2AngNest(1, 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => Healpix.Nest2Ring(2, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Healpix.QueryDiscInclusiveNest(128, 0, 0, -1, new List<long>()));
    }

    [Fact]
    public void Ra_IsWrappedTo0_360()
    {
        foreach (int nside in new[] { 1, 128, 8192 })
        {
            Assert.Equal(Healpix.Ang2PixNest(nside, 0.0, 12.5), Healpix.Ang2PixNest(nside, 360.0, 12.5));
            Assert.Equal(Healpix.Ang2PixNest(nside, 350.0, -3), Healpix.Ang2PixNest(nside, -10.0, -3));
            Assert.Equal(Healpix.Ang2PixRing(nside, 0.5, 60), Healpix.Ang2PixRing(nside, 720.5, 60));
            Assert.Equal(Healpix.Ang2PixRing(nside, 359.75, -70), Healpix.Ang2PixRing(nside, -0.25, -70));
        }
    }

    private static double AngleDiff(double a, double b)
    {
        double d = Math.Abs(a - b) % 360.0;
        return Math.Min(d, 360.0 - d);
    }
}
