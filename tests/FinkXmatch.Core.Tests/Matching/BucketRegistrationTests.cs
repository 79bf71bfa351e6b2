using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Tests.Sky;

namespace FinkXmatch.Core.Tests.Matching;

/// <summary>
/// The whole catalog's index registered in buckets (<see cref="HealpixIndex.BuildWhole"/> of a sparse catalog larger than
/// the small registration takes: each bucket radix-sorted) must hold the very entries, in the same order, of the general
/// registration with vectors (each pixel sorted), split between one, two or three cores; its fine lookups the same
/// ranges; its cell mask the bits of <see cref="SkyCellMask.Build"/>; its matches those of the brute force. Sources at the
/// poles, the RA wrap, fine pixel edges and corners and on one another.
/// </summary>
public class BucketRegistrationTests
{
    [Theory]
    [InlineData(1.5, 1)]
    [InlineData(1.5, 2)]
    [InlineData(1.5, 3)]
    [InlineData(0.3, 2)]
    [InlineData(5, 2)]
    public void Buckets_hold_the_entries_of_the_sorted_registration(double radiusArcsec, int ranges)
    {
        var (ra, dec) = Catalog(new Random(31 + ranges), HealpixIndex.FineOrderFor(radiusArcsec, 200_000));
        var reference = HealpixIndex.Build(ra, dec, radiusArcsec);
        var whole = WithCoreRanges.Build(ranges, () => HealpixIndex.BuildWhole(ra, dec, radiusArcsec));

        Assert.NotNull(whole.VectorsBySource);
        Assert.Null(reference.VectorsBySource);
        Assert.Equal(reference.FineOrder, whole.FineOrder);
        Assert.Equal(reference.EntryCount, whole.EntryCount);
        Assert.True(reference.EntrySources.SequenceEqual(whole.EntrySources), "entries differ");
        for (long p = 0; p < 12L * HealpixIndex.Nside * HealpixIndex.Nside; p++)
        {
            reference.Lookup(p, out var a, out _);
            whole.Lookup(p, out var b, out _);
            Assert.True(a.SequenceEqual(b), $"pixel {p} differs");
        }
        Assert.Equal(reference.HasFineSummary, whole.HasFineSummary);
        // Each source's fine pixels and random ones: the same range of entries.
        var rng = new Random(3);
        var finePixels = 12L << (2 * whole.FineOrder);
        for (var k = 0; k < ra.Length + 100_000; k++)
        {
            var fine = k < ra.Length ? Healpix.Ang2PixNest(1 << whole.FineOrder, ra[k], dec[k]) : rng.NextInt64(finePixels);
            Assert.Equal(reference.LookupFine(fine, out var startA), whole.LookupFine(fine, out var startB));
            if (reference.LookupFine(fine, out _) > 0) Assert.Equal(startA, startB);
        }
        Assert.True(SkyCellMask.Build(ra, dec, radiusArcsec)!.Bits.SequenceEqual(whole.CellMask!.Bits), "cell masks differ");
        var (alertRa, alertDec) = Alerts(new Random(5), ra, dec, radiusArcsec);
        foreach (var mode in new[] { MatchMode.All, MatchMode.Nearest })
        {
            var (expected, actual) = (new List<AlertMatch>(), new List<AlertMatch>());
            new CrossMatcher(reference, mode).Match(alertRa, alertDec, expected);
            new CrossMatcher(whole, mode).Match(alertRa, alertDec, actual);
            Assert.True(expected.Count > 2_000, $"only {expected.Count} matches");
            Assert.Equal(expected, actual);
            var brute = BruteForceMatcher.Match(alertRa[..400], alertDec[..400], ra, dec, radiusArcsec, mode);
            Assert.Equal(brute.Select(m => (m.AlertRow, m.SourceIndex)).Order(),
                actual.Where(m => m.AlertRow < 400).Select(m => (m.AlertRow, m.SourceIndex)).Order());
        }
    }

    [Fact]
    public void The_fine_summary_is_sized_by_the_entries()
    {
        Assert.Equal(11, HealpixIndex.SummaryOrderFor(14, 1_640_000));     // 1 M sources at 1.5": 6 MiB
        Assert.Equal(12, HealpixIndex.SummaryOrderFor(14, 16_400_000));    // 10 M: at most order 12
        Assert.Equal(9, HealpixIndex.SummaryOrderFor(9, 100_000_000));     // at most the fine order
        Assert.Equal(7, HealpixIndex.SummaryOrderFor(14, 1_000));
    }

    // 200,000 sources: most over the sky, the others at the places HEALPix gets wrong first (at the fine order), some on
    // one another, and the poles and RA wrap.
    private static (double[] Ra, double[] Dec) Catalog(Random rng, int fineOrder)
    {
        var ra = new List<double>();
        var dec = new List<double>();
        for (var i = 0; i < 160_000; i++)
        {
            ra.Add(rng.NextDouble() * 360);
            dec.Add(Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI);
        }
        for (var i = 0; i < 39_000; i++)
        {
            var (r, d) = RandomPoints.Centre(rng, 1 << fineOrder);
            ra.Add(r);
            dec.Add(d);
        }
        for (var i = 0; i < 996; i++)
        {
            ra.Add(ra[i * 7]);
            dec.Add(dec[i * 7]);
        }
        ra.AddRange([0, 180, 359.9999999, 0.0000001]);
        dec.AddRange([90, -90, 0, 89.9999]);
        return ([.. ra], [.. dec]);
    }

    // Half of the alerts within about the radius of a source, half anywhere.
    private static (double[] Ra, double[] Dec) Alerts(Random rng, double[] ra, double[] dec, double radiusArcsec)
    {
        var alertRa = new double[40_000];
        var alertDec = new double[40_000];
        for (var i = 0; i < alertRa.Length; i++)
        {
            if (i % 2 == 0)
            {
                var s = rng.Next(ra.Length);
                var (r, d) = Haversine.Destination(ra[s], dec[s], 2 * Math.PI * rng.NextDouble(), 1.2 * radiusArcsec / 3600 * rng.NextDouble());
                (alertRa[i], alertDec[i]) = (r, d);
            }
            else (alertRa[i], alertDec[i]) = (rng.NextDouble() * 360, Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI);
        }
        return (alertRa, alertDec);
    }
}
