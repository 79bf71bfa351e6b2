using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Tests.Matching;

/// <summary>
/// An index whose entries carry no vectors (<see cref="HealpixIndex.BuildWithoutCellMask"/> of a mid-sized catalog: the
/// sources' vectors computed as lookups need them, <see cref="SourceVectors"/>) must match exactly as the index with a
/// vector in each entry, and as the brute force; from several threads at once too.
/// </summary>
public class SourceVectorsTests
{
    [Theory]
    [InlineData(1.5, MatchMode.Nearest)]
    [InlineData(1.5, MatchMode.All)]
    [InlineData(10, MatchMode.Nearest)]
    [InlineData(10, MatchMode.All)]
    public void An_index_without_entry_vectors_matches_as_one_with_them(double radiusArcsec, MatchMode mode)
    {
        var rng = new Random(17 + (int)radiusArcsec);
        var (ra, dec, alertRa, alertDec) = CatalogAndAlerts(rng, 20_000, radiusArcsec);
        var withVectors = HealpixIndex.Build(ra, dec, radiusArcsec);
        var bySource = HealpixIndex.BuildWithoutCellMask(ra, dec, radiusArcsec);
        bySource.AttachCellMask(SkyCellMask.Build(ra, dec, radiusArcsec));
        // The general registration without vectors too (catalogs of more than HealpixIndex.SmallMaxSources sources).
        var general = GeneralRegistration.Build(() => HealpixIndex.BuildWithoutCellMask(ra, dec, radiusArcsec));
        Assert.NotNull(general.VectorsBySource);
        Assert.True(withVectors.EntrySources.SequenceEqual(general.EntrySources), "entries of the general registration differ");

        Assert.Null(withVectors.VectorsBySource);
        Assert.NotNull(bySource.VectorsBySource);
        Assert.Equal(0, bySource.EntryVectors.Length);
        Assert.True(withVectors.EntrySources.SequenceEqual(bySource.EntrySources), "entries differ");
        var expected = new List<AlertMatch>();
        new CrossMatcher(withVectors, mode).Match(alertRa, alertDec, expected);
        var actual = new List<AlertMatch>();
        new CrossMatcher(bySource, mode).Match(alertRa, alertDec, actual);
        Assert.True(expected.Count > 1000, $"only {expected.Count} matches");
        Assert.Equal(expected, actual);
        actual.Clear();
        new CrossMatcher(general, mode).Match(alertRa, alertDec, actual);
        Assert.Equal(expected, actual);
        // Again, the vectors now computed: the same.
        actual.Clear();
        new CrossMatcher(bySource, mode).Match(alertRa, alertDec, actual);
        Assert.Equal(expected, actual);
        var reference = BruteForceMatcher.Match(alertRa[..500], alertDec[..500], ra, dec, radiusArcsec, mode);
        Assert.Equal(reference.Select(m => (m.AlertRow, m.SourceIndex)).Order(),
            expected.Where(m => m.AlertRow < 500).Select(m => (m.AlertRow, m.SourceIndex)).Order());
        for (long p = 0; p < 12L * HealpixIndex.Nside * HealpixIndex.Nside; p += 7)
        {
            withVectors.Lookup(p, out _, out var a);
            bySource.Lookup(p, out _, out var b);
            Assert.True(a.SequenceEqual(b), $"pixel {p}'s vectors differ");
        }
    }

    [Fact]
    public void Matchers_on_two_threads_share_the_vectors_they_compute()
    {
        var rng = new Random(23);
        var (ra, dec, alertRa, alertDec) = CatalogAndAlerts(rng, 30_000, 10);
        var expected = new List<AlertMatch>();
        new CrossMatcher(HealpixIndex.Build(ra, dec, 10), MatchMode.All).Match(alertRa, alertDec, expected);
        for (var round = 0; round < 4; round++)
        {
            var bySource = HealpixIndex.BuildWithoutCellMask(ra, dec, 10);
            Assert.NotNull(bySource.VectorsBySource);
            var results = new List<AlertMatch>[4];
            Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
            {
                results[t] = [];
                new CrossMatcher(bySource, MatchMode.All).Match(alertRa, alertDec, results[t]);
            });
            foreach (var result in results) Assert.Equal(expected, result);
        }
    }

    [Fact]
    public void Dense_fine_pixels_keep_a_vector_in_each_entry_whatever_the_catalog_size()
    {
        Assert.True(HealpixIndex.VectorsBySourceFor(75_000, 1.5));
        Assert.True(HealpixIndex.VectorsBySourceFor(500, 1.5));
        Assert.True(HealpixIndex.VectorsBySourceFor(1_000_000, 1.5));
        Assert.True(HealpixIndex.VectorsBySourceFor(10_000_000, 1.5));
        Assert.False(HealpixIndex.VectorsBySourceFor(75_000, 60));
        Assert.False(HealpixIndex.VectorsBySourceFor(1_000_000, 60));
        Assert.False(HealpixIndex.VectorsBySourceFor(10_000_000, 60));
        var rng = new Random(3);
        double[] Uniform(int n, Func<double> f) => Enumerable.Range(0, n).Select(_ => f()).ToArray();
        var index = HealpixIndex.BuildWhole(Uniform(300_000, () => rng.NextDouble() * 360), Uniform(300_000, () => rng.NextDouble() * 90), 60);
        Assert.Null(index.VectorsBySource);
        Assert.Equal(index.EntryCount, index.EntryVectors.Length);
    }

    /// <summary>
    /// The whole catalog's shared index (<see cref="HealpixIndex.BuildWhole"/>) of more sources than the small
    /// registration takes, sparse: vectors by source, and the matches of the index with vectors and of the brute force.
    /// </summary>
    [Theory]
    [InlineData(MatchMode.Nearest)]
    [InlineData(MatchMode.All)]
    public void A_large_sparse_whole_index_has_vectors_by_source_and_matches_as_one_with_them(MatchMode mode)
    {
        var rng = new Random(41);
        var (ra, dec, alertRa, alertDec) = CatalogAndAlerts(rng, 300_000, 1.5);
        var whole = HealpixIndex.BuildWhole(ra, dec, 1.5);
        var withVectors = HealpixIndex.Build(ra, dec, 1.5);
        Assert.NotNull(whole.VectorsBySource);
        Assert.Equal(0, whole.EntryVectors.Length);
        Assert.Null(withVectors.VectorsBySource);
        Assert.NotNull(whole.CellMask);
        Assert.True(withVectors.EntrySources.SequenceEqual(whole.EntrySources), "entries differ");
        var expected = new List<AlertMatch>();
        new CrossMatcher(withVectors, mode).Match(alertRa, alertDec, expected);
        var actual = new List<AlertMatch>();
        new CrossMatcher(whole, mode).Match(alertRa, alertDec, actual);
        Assert.True(expected.Count > 10_000, $"only {expected.Count} matches");
        Assert.Equal(expected, actual);
        var reference = BruteForceMatcher.Match(alertRa[..300], alertDec[..300], ra, dec, 1.5, mode);
        Assert.True(reference.Count > 100, $"only {reference.Count} brute-force matches");
        Assert.Equal(reference.Select(m => (m.AlertRow, m.SourceIndex)).Order(),
            actual.Where(m => m.AlertRow < 300).Select(m => (m.AlertRow, m.SourceIndex)).Order());
    }

    // Sources over the sky, some in pairs closer than the radius; alerts half near sources (a source's entries visited
    // again and again), half anywhere.
    private static (double[] Ra, double[] Dec, double[] AlertRa, double[] AlertDec) CatalogAndAlerts(Random rng, int sources, double radiusArcsec)
    {
        var ra = new double[sources];
        var dec = new double[sources];
        for (var i = 0; i < sources; i++)
            (ra[i], dec[i]) = i % 10 == 9
                ? CrossMatcherTests.Offset(ra[i - 1], dec[i - 1], rng.NextDouble() * radiusArcsec / 3600, rng.NextDouble() * 2 * Math.PI)
                : (rng.NextDouble() * 360, Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI);
        var alertRa = new double[40_000];
        var alertDec = new double[40_000];
        for (var i = 0; i < alertRa.Length; i++)
        {
            var s = rng.Next(sources / 8);
            (alertRa[i], alertDec[i]) = i % 2 == 0
                ? CrossMatcherTests.Offset(ra[s], dec[s], rng.NextDouble() * 1.2 * radiusArcsec / 3600, rng.NextDouble() * 2 * Math.PI)
                : (rng.NextDouble() * 360, Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI);
        }
        return (ra, dec, alertRa, alertDec);
    }
}
