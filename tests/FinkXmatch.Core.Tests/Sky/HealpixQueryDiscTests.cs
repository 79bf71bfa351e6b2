using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Sky;

public class HealpixQueryDiscTests
{
    private delegate int DiscQuery(int nside, double ra, double dec, double radiusDeg, List<long> result);

    private static readonly DiscQuery Inclusive = Healpix.QueryDiscInclusiveNest;
    private static readonly DiscQuery Intersecting = Healpix.QueryDiscIntersectingNest;
    private static readonly DiscQuery InclusiveSlow = HealpixReferenceTests.QueryDiscInclusiveBySlowPath;

    /// <summary>
    /// Draws discs (centres biased to poles, RA 0/360, z = 2/3, pixel edges and corners; radii 0.1" (or 1/1000 of the largest) to 3600"
    /// log-uniform) and points within each disc (half of them in the outer 0.1% of the radius), and checks that
    /// every point's own pixel (Ang2PixNest) was returned. The distance is checked independently (haversine).
    /// </summary>
    private static (int Points, double PixelsPerQuery) CheckPointsFallInReturnedPixels(
        DiscQuery query, int nside, int queries, int pointsPerQuery, int seed, double maxRadiusArcsec = 3600)
    {
        var rng = new Random(seed);
        var result = new List<long>();
        int points = 0;
        long pixels = 0;
        for (int q = 0; q < queries; q++)
        {
            var (ra, dec) = RandomPoints.Centre(rng, nside);
            double minArcsec = Math.Min(0.1, maxRadiusArcsec / 1000);
            double radiusDeg = minArcsec * Math.Pow(maxRadiusArcsec / minArcsec, rng.NextDouble()) / 3600.0;
            if (q % 50 == 0) radiusDeg = 0;
            result.Clear();
            int n = query(nside, ra, dec, radiusDeg, result);
            Assert.Equal(result.Count, n);
            pixels += n;
            for (int k = 0; k < pointsPerQuery; k++)
            {
                double dist = radiusDeg * (k % 2 == 0 ? Math.Sqrt(rng.NextDouble()) : 1 - 1e-3 * rng.NextDouble());
                var (pra, pdec) = k == 0 ? (ra, dec) : Haversine.Destination(ra, dec, 2 * Math.PI * rng.NextDouble(), dist);
                if (Haversine.Degrees(ra, dec, pra, pdec) > radiusDeg) continue; // rounding pushed it out
                long pix = Healpix.Ang2PixNest(nside, pra, pdec);
                Assert.True(result.Contains(pix),
                    $"nside {nside} disc ({ra:R}, {dec:R}) r={radiusDeg * 3600:R}\": point ({pra:R}, {pdec:R}) in pixel {pix} " +
                    $"not among {string.Join(",", result)}");
                points++;
            }
        }
        return (points, pixels / (double)queries);
    }

    // The index build's query: the list-free one for discs within a pixel's neighbourhood, the list query for larger ones.
    private static int IntersectingNearbyOrList(int nside, double ra, double dec, double radiusDeg, List<long> result)
    {
        Span<long> nearby = stackalloc long[9];
        var count = Healpix.QueryDiscIntersectingNearbyNest(Healpix.OrderOf(nside), ra, dec, Healpix.IntersectingRadius(radiusDeg), nearby);
        if (count < 0) return Healpix.QueryDiscIntersectingNest(nside, ra, dec, radiusDeg, result);
        foreach (var p in nearby[..count]) result.Add(p);
        return count;
    }

    [Theory]
    [InlineData(128, 3600)]
    [InlineData(1 << 10, 60)]
    [InlineData(1 << 12, 60)]
    [InlineData(1 << 14, 3600)]
    [InlineData(1 << 16, 1.5)]
    public void IntersectingNearby_PointsWithinRadius_AllFallInReturnedPixels(int nside, double maxRadiusArcsec)
    {
        var (points, _) = CheckPointsFallInReturnedPixels(IntersectingNearbyOrList, nside, 20_000, 4, seed: 7, maxRadiusArcsec);
        Assert.True(points > 75_000, $"only {points} points checked");
    }

    [Theory]
    [InlineData(128)]
    [InlineData(1 << 12)]
    [InlineData(1 << 14)]
    [InlineData(1 << 16)]
    public void IntersectingNearby_GivesTheListQuerysPixels_AndLeavesLargerDiscsToIt(int nside)
    {
        var rng = new Random(nside);
        var list = new List<long>();
        Span<long> nearby = stackalloc long[9];
        int fast = 0, left = 0;
        for (var q = 0; q < 20_000; q++)
        {
            var (ra, dec) = RandomPoints.Centre(rng, nside);
            var radiusDeg = 0.01 * Math.Pow(3600 / 0.01, rng.NextDouble()) / 3600;
            list.Clear();
            Healpix.QueryDiscIntersectingNest(nside, ra, dec, radiusDeg, list);
            var count = Healpix.QueryDiscIntersectingNearbyNest(Healpix.OrderOf(nside), ra, dec, Healpix.IntersectingRadius(radiusDeg), nearby);
            if (count < 0)
            {
                left++;
                continue;
            }
            fast++;
            Assert.Equal(list.Order(), nearby[..count].ToArray().Order());
        }
        Assert.True(fast > 1000 && left > 1000, $"both paths should be taken: {fast} nearby, {left} left to the list");
    }

    [Fact]
    public void Inclusive_Nside128_200kRandomPointsWithinRadius_AllFallInReturnedPixels()
    {
        var (points, _) = CheckPointsFallInReturnedPixels(Inclusive, 128, 50_000, 4, seed: 1);
        Assert.True(points > 195_000, $"only {points} points checked");
    }

    [Fact]
    public void Intersecting_Nside128_200kRandomPointsWithinRadius_AllFallInReturnedPixels()
    {
        var (points, _) = CheckPointsFallInReturnedPixels(Intersecting, 128, 50_000, 4, seed: 2);
        Assert.True(points > 195_000, $"only {points} points checked");
    }

    [Fact]
    public void InclusiveDescentOnly_Nside128_RandomPointsWithinRadius_AllFallInReturnedPixels()
    {
        CheckPointsFallInReturnedPixels(InclusiveSlow, 128, 5_000, 4, seed: 3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(16)]
    [InlineData(1024)]
    [InlineData(1 << 16)]
    [InlineData(1 << 24)]
    [InlineData(Healpix.MaxNside)]
    public void BothQueries_OtherNsides_RandomPointsWithinRadius_AllFallInReturnedPixels(int nside)
    {
        // Radii up to 2 pixels at this nside (at most 3600"), so both the fast path and the descent are exercised.
        double maxArcsec = Math.Min(3600, 2 * Math.Sqrt(4 * Math.PI / Healpix.Npix(nside)) * 180 / Math.PI * 3600);
        CheckPointsFallInReturnedPixels(Inclusive, nside, 3_000, 4, seed: nside, maxArcsec);
        CheckPointsFallInReturnedPixels(Intersecting, nside, 3_000, 4, seed: nside + 1, maxArcsec);
    }

    [Fact]
    public void Intersecting_SmallDiscsAwayFromEdges_ReturnOnePixel_AndIsTighterThanInclusive()
    {
        var result = new List<long>();
        // Pixel centres at nside 128 are ~13' from every edge: a 60" disc there touches only its own pixel.
        foreach (long p in new long[] { 0, 5000, 65535, 100000, 196607 })
        {
            var (ra, dec) = Healpix.Pix2AngNest(128, p);
            result.Clear();
            Assert.Equal(1, Healpix.QueryDiscIntersectingNest(128, ra, dec, 60 / 3600.0, result));
            Assert.Equal(p, result[0]);
        }
        var rng = new Random(11);
        long inclusive = 0, intersecting = 0;
        for (int i = 0; i < 20000; i++)
        {
            double ra = 360 * rng.NextDouble(), dec = Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI;
            result.Clear();
            inclusive += Healpix.QueryDiscInclusiveNest(128, ra, dec, 1.5 / 3600, result);
            result.Clear();
            intersecting += Healpix.QueryDiscIntersectingNest(128, ra, dec, 1.5 / 3600, result);
        }
        Assert.True(intersecting < 1.15 * 20000, $"{intersecting / 20000.0} pixels per 1.5\" disc");
        Assert.True(intersecting < inclusive);
    }

    [Fact]
    public void Disc_AtAPole_ReturnsTheFourPolarPixels_AndHugeDiscReturnsEverything()
    {
        var result = new List<long>();
        Assert.Equal(4, Healpix.QueryDiscIntersectingNest(128, 123.0, 90.0, 1e-6, result));
        Assert.Equal(new long[] { 16383, 32767, 49151, 65535 }, result.Order());
        result.Clear();
        Assert.Equal(4, Healpix.QueryDiscIntersectingNest(2, 0.0, -90.0, 0, result));
        Assert.Equal(new long[] { 32, 36, 40, 44 }, result.Order());
        result.Clear();
        Assert.Equal(768, Healpix.QueryDiscInclusiveNest(8, 10, 10, 180, result));
        Assert.Equal(Enumerable.Range(0, 768).Select(i => (long)i), result.Order());
    }

    [Fact]
    public void LargeDisc_Nside128_ContainsEveryPixelWhoseCentreIsInside_AndNothingFar()
    {
        // Brute force over all pixels: centre within r must be returned; nothing beyond r + 1.01 max_pixrad may be.
        var rng = new Random(5);
        var result = new List<long>();
        double pixRad = Healpix.MaxPixelRadiusRad(128) * 180 / Math.PI * 1.01;
        var centres = Enumerable.Range(0, (int)Healpix.Npix(128)).Select(p => Healpix.Pix2AngNest(128, p)).ToArray();
        for (int i = 0; i < 12; i++)
        {
            var (ra, dec) = RandomPoints.Centre(rng);
            double r = i < 6 ? 2.0 : 0.5 + 5 * rng.NextDouble();
            result.Clear();
            Healpix.QueryDiscInclusiveNest(128, ra, dec, r, result);
            var set = result.ToHashSet();
            Assert.Equal(result.Count, set.Count);
            for (int p = 0; p < centres.Length; p++)
            {
                double d = Haversine.Degrees(ra, dec, centres[p].RaDeg, centres[p].DecDeg);
                if (d <= r) Assert.Contains((long)p, set);
                if (d > r + 2 * pixRad) Assert.DoesNotContain((long)p, set);
            }
        }
    }
}
