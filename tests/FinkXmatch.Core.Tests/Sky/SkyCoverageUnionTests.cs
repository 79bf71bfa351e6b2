using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.Tests.Sky;

/// <summary>Coverages built from NESTED bitmaps and their union, against sets of pixels.</summary>
public sealed class SkyCoverageUnionTests
{
    private const int Order = 4;
    private const long Npix = 12L << (2 * Order);

    [Fact]
    public void A_coverage_from_bits_covers_exactly_their_pixels_and_the_union_every_pixel_of_either()
    {
        var rng = new Random(7);
        var a = RandomPixels(rng, 300);
        var b = RandomPixels(rng, 500);

        var coverageA = SkyCoverage.FromNestedBits(Order, Bits(a));
        var coverageB = SkyCoverage.FromNestedBits(Order, Bits(b));
        var union = SkyCoverage.Union([coverageA, coverageB], Order);

        for (long p = 0; p < Npix; p++)
        {
            Assert.Equal(a.Contains(p), coverageA.ContainsPixel(p));
            Assert.Equal(a.Contains(p) || b.Contains(p), union.ContainsPixel(p));
        }
        Assert.Equal(a.Union(b).Count(), union.CoveredPixelCount);
        Assert.Equal(a.Union(b).Count() / (double)Npix, union.SkyFraction, 1e-15);
        Assert.Equal(Bits(a), coverageA.NestedBits.ToArray());
    }

    [Fact]
    public void The_union_of_nothing_is_an_empty_sky_and_orders_must_agree()
    {
        var empty = SkyCoverage.Union([], Order);
        Assert.Equal(0, empty.CoveredPixelCount);
        Assert.Equal(Order, empty.Order);
        Assert.False(empty.Contains(10, 10));

        var coarse = SkyCoverage.FromNestedBits(3, new ulong[12]);
        Assert.Throws<ArgumentException>(() => SkyCoverage.Union([coarse], Order));
        Assert.Throws<ArgumentException>(() => SkyCoverage.FromNestedBits(Order, new ulong[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SkyCoverage.FromNestedBits(12, new ulong[1]));
    }

    [Fact]
    public void Bits_past_the_twelve_pixels_of_order_zero_are_not_sky()
    {
        var all = SkyCoverage.FromNestedBits(0, [ulong.MaxValue]);
        Assert.Equal(12, all.CoveredPixelCount);
        Assert.Equal(1.0, all.SkyFraction);
    }

    private static HashSet<long> RandomPixels(Random rng, int count)
    {
        var pixels = new HashSet<long>();
        while (pixels.Count < count) pixels.Add(rng.NextInt64(Npix));
        return pixels;
    }

    private static ulong[] Bits(IEnumerable<long> pixels)
    {
        var bits = new ulong[Npix / 64];
        foreach (var p in pixels) bits[p / 64] |= 1UL << (int)(p % 64);
        return bits;
    }
}
