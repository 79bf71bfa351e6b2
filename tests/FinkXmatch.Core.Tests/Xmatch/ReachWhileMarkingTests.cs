using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// The reach of a catalog smaller than the nights (<see cref="CatalogPruning.ReachWhileMarkingAsync"/>: the alerts'
/// positions read while the catalog's cells are made, row group by row group on every worker) against the reach read
/// after the cells, file by file on one thread (<see cref="CatalogPruning.ReachAsync"/>): the same alerts counted, the
/// same survivors, the same candidates row group by row group. Files of many row groups, more than are read ahead.
/// </summary>
public sealed class ReachWhileMarkingTests : IAsyncLifetime
{
    private const int AlertsPerNight = 3_000;
    private readonly string _lake = Path.Combine(Path.GetTempPath(), "fxm-reach-" + Guid.NewGuid().ToString("N"));
    private List<string> _files = [];
    private IReadOnlyList<int>[] _rowGroupRows = [];
    private List<(double Ra, double Dec)> _alerts = [];

    public async Task InitializeAsync()
    {
        // Two nights of two files each (2,000 alerts per file), row groups of 150 alerts: 14 row groups per file.
        await new DatalakeGenerator(new DatalakeGeneratorOptions(_lake, new DateOnly(2025, 3, 1), Nights: 2, AlertsPerNight: AlertsPerNight,
            Seed: 11, CutoutBytes: 0, RowGroupSize: 150, AlertsPerFile: 2_000, MaxHistory: 2)).GenerateAsync();
        _files = [.. DatalakeLayout.Open(_lake).Shards.SelectMany(s => s.Files)];
        _rowGroupRows = new IReadOnlyList<int>[_files.Count];
        for (var f = 0; f < _files.Count; f++)
        {
            await using var file = await AlertFile.OpenAsync(_files[f]);
            _rowGroupRows[f] = file.RowGroupRows;
            for (var g = 0; g < file.RowGroupCount; g++)
            {
                var batch = new PositionBatch();
                await file.ReadPositionsAsync(g, batch, ScanColumns.Positions, CancellationToken.None);
                for (var i = 0; i < batch.Count; i++) _alerts.Add((batch.Ra[i], batch.Dec[i]));
            }
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_lake, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(1.5, 1)]
    [InlineData(1.5, 2)]
    [InlineData(60, 2)]
    [InlineData(1.5, 4)]
    public async Task The_reach_read_while_the_cells_are_made_is_the_reach_read_after_them(double radiusArcsec, int parallelism)
    {
        var catalog = AroundSomeAlerts(radiusArcsec, around: 300, background: 2_000);
        var alerts = (long)_alerts.Count;
        var cells = SkyCellMask.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec, withFineLayer: false);
        Assert.NotNull(cells);
        var expectedCandidates = new AlertCandidates(catalog, radiusArcsec, _files);
        var expected = await CatalogPruning.ReachAsync(_files, radiusArcsec, new ParallelOptions { MaxDegreeOfParallelism = 1 }, cells,
            expectedCandidates, alerts);

        var (reach, candidates) = await CatalogPruning.ReachWhileMarkingAsync(catalog, _files, _rowGroupRows, radiusArcsec,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism }, alerts, keepCandidates: true);

        Assert.True(_rowGroupRows.Sum(r => r.Count) > CatalogPruning.MaxReadAhead, "more row groups than are read ahead");
        Assert.Equal(alerts, reach.Alerts);
        Assert.Equal(expected.Alerts, reach.Alerts);
        Assert.Equal(expected.Survivors(catalog.RaDeg, catalog.DecDeg), reach.Survivors(catalog.RaDeg, catalog.DecDeg));
        Assert.NotNull(candidates);
        Assert.True(candidates.Complete);
        Assert.Equal(expectedCandidates.Count, candidates.Count);
        Assert.InRange(candidates.Count, 300, alerts / 2);
        var matcher = new CrossMatcher(HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec), MatchMode.All);
        for (var f = 0; f < _files.Count; f++)
        {
            await using var file = await AlertFile.OpenAsync(_files[f]);
            var (want, got) = (expectedCandidates.For(_files[f], file), candidates.For(_files[f], file));
            Assert.NotNull(want);
            Assert.NotNull(got);
            for (var g = 0; g < file.RowGroupCount; g++)
            {
                List<AlertMatch> wanted = [], found = [];
                want.Match(g, matcher, wanted);
                got.Match(g, matcher, found);
                Assert.Equal(wanted, found);
            }
        }
    }

    // A catalog too dense for cells at its radius (no grid rejects half the alerts): every alert is marked, as by the
    // reach without cells, and no candidates are kept.
    [Fact]
    public async Task Without_the_catalogs_cells_every_alert_is_marked()
    {
        const double radiusArcsec = 3_600;
        var catalog = AroundSomeAlerts(radiusArcsec, around: 0, background: 12_000);
        Assert.Null(SkyCellMask.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec, withFineLayer: false));
        var expected = await CatalogPruning.ReachAsync(_files, radiusArcsec, new ParallelOptions { MaxDegreeOfParallelism = 1 });

        var (reach, candidates) = await CatalogPruning.ReachWhileMarkingAsync(catalog, _files, _rowGroupRows, radiusArcsec,
            new ParallelOptions { MaxDegreeOfParallelism = 2 }, _alerts.Count, keepCandidates: true);

        Assert.Null(candidates);
        Assert.Equal(expected.Alerts, reach.Alerts);
        Assert.Equal(expected.Survivors(catalog.RaDeg, catalog.DecDeg), reach.Survivors(catalog.RaDeg, catalog.DecDeg));
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_fails_the_reach_or_is_left_out()
    {
        var damaged = Path.Combine(_lake, "damaged.parquet");
        var bytes = await File.ReadAllBytesAsync(_files[0]);
        // The footer kept, the pages not: the file opens, its positions cannot be read.
        Array.Fill(bytes, (byte)0x5A, 4, bytes.Length / 2);
        await File.WriteAllBytesAsync(damaged, bytes);
        try
        {
            List<string> files = [damaged, _files[1]];
            var rowGroupRows = new[] { _rowGroupRows[0], _rowGroupRows[1] };
            var catalog = AroundSomeAlerts(1.5, around: 300, background: 2_000);
            var options = new ParallelOptions { MaxDegreeOfParallelism = 2 };
            await Assert.ThrowsAnyAsync<Exception>(() =>
                CatalogPruning.ReachWhileMarkingAsync(catalog, files, rowGroupRows, 1.5, options, _alerts.Count, keepCandidates: true));

            var unread = new System.Collections.Concurrent.ConcurrentDictionary<string, DatalakeException>(StringComparer.Ordinal);
            var (reach, _) = await CatalogPruning.ReachWhileMarkingAsync(catalog, files, rowGroupRows, 1.5, options, _alerts.Count,
                keepCandidates: false, unread);
            Assert.Equal([damaged], unread.Keys);
            Assert.InRange(reach.Alerts, _rowGroupRows[1].Sum(), _rowGroupRows[0].Sum() + _rowGroupRows[1].Sum() - 1);
        }
        finally
        {
            File.Delete(damaged);
        }
    }

    [Fact]
    public void A_files_row_groups_added_in_any_order_give_the_same_candidates()
    {
        var catalog = new SourceCatalog("one.csv", "id", [10.0], [20.0], ["s"]);
        var index = HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, 3600);
        var matcher = new CrossMatcher(index, MatchMode.All);
        int[] rows = [3, 3, 3];
        var (inOrder, reversed) = (new FileCandidates(rows), new FileCandidates(rows));
        double[] ra = [10.1, 10.2, 30.0], dec = [20.1, 19.9, 20.0];
        for (var g = 0; g < 3; g++) inOrder.Add(g, ra, dec, g == 1 ? [] : [0, 1]);
        for (var g = 2; g >= 0; g--) reversed.Add(g, ra, dec, g == 1 ? [] : [0, 1]);
        for (var g = 0; g < 3; g++)
        {
            List<AlertMatch> a = [], b = [];
            inOrder.Match(g, matcher, a);
            reversed.Match(g, matcher, b);
            Assert.Equal(a, b);
            Assert.Equal(g == 1 ? 0 : 2, a.Count);
        }
        Assert.Throws<InvalidOperationException>(() => reversed.Add(1, ra, dec, [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => reversed.Add(3, ra, dec, [0]));
    }

    // Sources within half the radius of every tenth alert (`around` of them), in a uniform background.
    private SourceCatalog AroundSomeAlerts(double radiusArcsec, int around, int background)
    {
        var rng = new Random(7);
        var positions = new List<(double Ra, double Dec)>();
        for (var k = 0; k < around; k++)
        {
            var alert = _alerts[k * 10 % _alerts.Count];
            positions.Add(Matching.CrossMatcherTests.Offset(alert.Ra, alert.Dec, 0.5 * radiusArcsec / 3600, k % 360 * Math.PI / 180));
        }
        for (var i = 0; i < background; i++)
            positions.Add((rng.NextDouble() * 360, Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI));
        return new SourceCatalog("some.csv", "source", [.. positions.Select(p => p.Ra)], [.. positions.Select(p => p.Dec)],
            [.. Enumerable.Range(0, positions.Count).Select(i => $"s{i}")]);
    }
}
