using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Tests.Matching;

/// <summary>
/// A catalog large enough for the index to be built on several cores must give the very index one thread builds
/// (which <see cref="DenseIndexTests"/> and <see cref="CrossMatcherTests"/> check against brute force): same entries in
/// the same order, same vectors, same RA/Dec cell mask, with sources crowded at the Dec where the mask is split.
/// </summary>
public class ParallelBuildTests
{
    [Theory]
    [InlineData(1.5, 2)]
    [InlineData(1.5, 3)]
    [InlineData(60, 2)]
    [InlineData(600, 3)]
    public void Split_build_equals_one_thread(double radiusArcsec, int ranges)
    {
        var (ra, dec) = Catalog(new Random(5));
        var one = BuildWith(1, ra, dec, radiusArcsec);
        var split = BuildWith(ranges, ra, dec, radiusArcsec);

        Assert.Equal(one.EntryCount, split.EntryCount);
        Assert.True(one.EntrySources.SequenceEqual(split.EntrySources), "entries differ");
        Assert.True(one.EntryVectors.SequenceEqual(split.EntryVectors), "vectors differ");
        for (long p = 0; p < 12L * HealpixIndex.Nside * HealpixIndex.Nside; p++)
        {
            one.Lookup(p, out var a, out _);
            split.Lookup(p, out var b, out _);
            Assert.True(a.Length == b.Length, $"pixel {p}: {a.Length} entries against {b.Length}");
        }
        Assert.Equal(one.CellMask is null, split.CellMask is null);
        if (one.CellMask is { } mask) Assert.True(mask.Bits.SequenceEqual(split.CellMask!.Bits), "cell masks differ");
    }

    private static HealpixIndex BuildWith(int ranges, double[] ra, double[] dec, double radiusArcsec)
    {
        CoreRanges.RangesForTests = ranges;
        try
        {
            return HealpixIndex.Build(ra, dec, radiusArcsec);
        }
        finally
        {
            CoreRanges.RangesForTests = 0;
        }
    }

    // 200,000 sources over the sky, 40,000 within 0.02 degree of the equator (where the median Dec, the mask's split, falls)
    // and some at the poles and RA wrap.
    private static (double[] Ra, double[] Dec) Catalog(Random rng)
    {
        var ra = new List<double>();
        var dec = new List<double>();
        for (var i = 0; i < 200_000; i++)
        {
            ra.Add(rng.NextDouble() * 360);
            dec.Add(Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI);
        }
        for (var i = 0; i < 40_000; i++)
        {
            ra.Add(rng.NextDouble() * 360);
            dec.Add((rng.NextDouble() - 0.5) * 0.04);
        }
        ra.AddRange([0, 180, 359.9999999, 0.0000001]);
        dec.AddRange([90, -90, 0, 89.9999]);
        return ([.. ra], [.. dec]);
    }
}
