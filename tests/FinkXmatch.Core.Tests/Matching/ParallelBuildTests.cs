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

        AssertSameEntries(one, split);
        Assert.Equal(one.CellMask is null, split.CellMask is null);
        if (one.CellMask is { } mask) Assert.True(mask.Bits.SequenceEqual(split.CellMask!.Bits), "cell masks differ");
    }

    // A pruned catalog's index (up to HealpixIndex.SmallMaxSources sources) is registered by one sort of its entries:
    // the same entries, in the same order, as the general registration, at radii whose discs take the neighbours of a
    // fine pixel and at those that query whole discs; with sources at the poles, the RA wrap and on one another.
    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(60)]
    [InlineData(600)]
    [InlineData(3600)]
    public void Small_build_equals_the_general_one(double radiusArcsec)
    {
        var rng = new Random(8 + (int)radiusArcsec);
        var (ra, dec) = Catalog(rng);
        var count = HealpixIndex.SmallMaxSources - 4;
        var (smallRa, smallDec) = (ra[^count..], dec[^count..]);
        for (var i = 0; i < 300; i++) (smallRa[i], smallDec[i]) = (smallRa[i + 300], smallDec[i + 300]);
        var small = HealpixIndex.Build(smallRa, smallDec, radiusArcsec);
        var general = GeneralRegistration.Build(() => HealpixIndex.Build(smallRa, smallDec, radiusArcsec));

        Assert.True(small.EntryCount >= count, $"{small.EntryCount} entries");
        AssertSameEntries(general, small);
        var (alertRa, alertDec) = Catalog(new Random(9));
        (alertRa, alertDec) = ([.. alertRa[..20_000], .. smallRa[^500..]], [.. alertDec[..20_000], .. smallDec[^500..]]);
        foreach (var mode in new[] { MatchMode.All, MatchMode.Nearest })
        {
            var (expected, actual) = (new List<AlertMatch>(), new List<AlertMatch>());
            new CrossMatcher(general, mode).Match(alertRa, alertDec, expected);
            new CrossMatcher(small, mode).Match(alertRa, alertDec, actual);
            Assert.Equal(expected, actual);
        }
    }

    // The same entries, vectors and pixels' entries, in the same order.
    private static void AssertSameEntries(HealpixIndex expected, HealpixIndex actual)
    {
        Assert.Equal(expected.EntryCount, actual.EntryCount);
        Assert.True(expected.EntrySources.SequenceEqual(actual.EntrySources), "entries differ");
        Assert.True(expected.EntryVectors.SequenceEqual(actual.EntryVectors), "vectors differ");
        for (long p = 0; p < 12L * HealpixIndex.Nside * HealpixIndex.Nside; p++)
        {
            expected.Lookup(p, out var a, out _);
            actual.Lookup(p, out var b, out _);
            Assert.True(a.SequenceEqual(b), $"pixel {p} differs");
        }
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
