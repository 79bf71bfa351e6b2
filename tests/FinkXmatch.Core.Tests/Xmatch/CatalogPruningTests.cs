using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Xmatch;
using Xunit.Abstractions;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// Whole jobs on the real ZTF and Rubin nights of tests/data with a big catalog (sources around each alert within
/// and beyond the radius, in a uniform background): the pruned index's results are the whole index's, byte for byte,
/// and the brute force's.
/// </summary>
public sealed class CatalogPruningTests(ITestOutputHelper output) : IDisposable
{
    private const int Background = CatalogPruning.MinSources;
    private readonly string _directory = Directory.CreateTempSubdirectory("fxm-prune-").FullName;

    public static TheoryData<double, MatchMode> Cases() => new()
    {
        { 1.5, MatchMode.Nearest }, { 1.5, MatchMode.All }, { 60, MatchMode.Nearest }, { 60, MatchMode.All }, { 3600, MatchMode.Nearest },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Real_ztf_night_gives_the_whole_indexs_results(double radiusArcsec, MatchMode mode)
    {
        var root = TestData.Path("datalake-sample");
        var alerts = ReferenceAlerts.ReadAll(root);
        var catalog = AroundAlerts(alerts.Select(a => (a.Ra, a.Dec)).ToList(), radiusArcsec);
        var options = EngineRun.Options(radiusArcsec, mode);
        var plan = await XmatchPlan.CreateAsync(root, options, catalog.IdColumn);

        var built = await CatalogPruning.BuildIndexAsync(catalog, plan.Shards, radiusArcsec, parallelism: 2);
        var pruned = await RunAsync(plan, catalog, built.Index, "pruned.parquet");
        var whole = await RunAsync(plan, catalog, HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec), "whole.parquet");

        output.WriteLine($"{built.Index.IndexedSourceCount} of {catalog.Count} sources indexed for {built.AlertsRead} alerts");
        Assert.True(built.Pruned);
        Assert.Equal(124, built.AlertsRead);
        Assert.True(built.Index.IndexedSourceCount < catalog.Count / 4, $"{built.Index.IndexedSourceCount} of {catalog.Count} sources indexed");
        Assert.Equal(await File.ReadAllBytesAsync(whole), await File.ReadAllBytesAsync(pruned));
        var (_, rows) = ResultRows.Read(pruned, catalog.IdColumn);
        Assert.True(rows.Count >= 124, $"{rows.Count} rows");
        ResultAssert.EqualsReference(new BruteForceXmatch(alerts, catalog.RaDeg, catalog.DecDeg, catalog.Ids, radiusArcsec), radiusArcsec, mode, rows);
    }

    [Theory]
    [InlineData(1.5, MatchMode.All)]
    [InlineData(60, MatchMode.Nearest)]
    public async Task Real_rubin_night_gives_the_whole_indexs_results(double radiusArcsec, MatchMode mode)
    {
        var root = Path.Combine(_directory, "rubin");
        RubinLake.LayOut(root);
        var alerts = RubinLake.Alerts();
        var catalog = AroundAlerts(alerts.Select(a => (a.Ra, a.Dec)).ToList(), radiusArcsec);
        var plan = await XmatchPlan.CreateAsync(root, new XmatchOptions(radiusArcsec, mode), catalog.IdColumn);

        var built = await CatalogPruning.BuildIndexAsync(catalog, plan.Shards, radiusArcsec, parallelism: 2);
        var pruned = await RunAsync(plan, catalog, built.Index, "pruned.parquet");
        var whole = await RunAsync(plan, catalog, HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec), "whole.parquet");

        Assert.True(built.Pruned);
        Assert.Equal(alerts.Count, built.AlertsRead);
        Assert.True(built.Index.IndexedSourceCount < 1000, $"{built.Index.IndexedSourceCount} of {catalog.Count} sources indexed");
        // Every alert has sources within the radius (0.3 and 0.99 radii away): a night without matches would prove nothing.
        Assert.True(built.Index.IndexedSourceCount >= 2 * alerts.Count);
        Assert.Equal(await File.ReadAllBytesAsync(whole), await File.ReadAllBytesAsync(pruned));
    }

    [Fact]
    public async Task A_catalog_below_the_minimum_is_indexed_whole()
    {
        var root = TestData.Path("datalake-sample");
        var catalog = ReferenceCatalogs.Merged();
        var plan = await XmatchPlan.CreateAsync(root, EngineRun.Options(1.5, MatchMode.All), catalog.IdColumn);

        var built = await CatalogPruning.BuildIndexAsync(catalog, plan.Shards, 1.5, parallelism: 2);

        Assert.True(catalog.Count < CatalogPruning.JobMinSources);
        Assert.False(built.Pruned);
        Assert.Equal(catalog.Count, built.Index.IndexedSourceCount);
    }

    // Below the nights' 124 alerts, the catalog's side is marked first and an alert weighs one: at two alerts per source,
    // 62 sources prune, 61 do not. From 124 sources on, the alerts' side is marked and an alert weighs the 1.054 cells its
    // disc marks at 1.5": 124 alerts weigh 130.7, so at one alert per source 131 sources prune, 130 do not.
    [Theory]
    [InlineData(61, 2, false)]
    [InlineData(62, 2, true)]
    [InlineData(130, 1, false)]
    [InlineData(131, 1, true)]
    public async Task Nights_with_more_alerts_per_source_than_the_limit_index_the_whole_catalog(int sources, int alertsPerSource, bool pruned)
    {
        var root = TestData.Path("datalake-sample");
        var alerts = ReferenceAlerts.ReadAll(root);
        var catalog = new SourceCatalog("few.csv", "id", [.. Enumerable.Range(0, sources).Select(i => alerts[i % alerts.Count].Ra)],
            [.. Enumerable.Range(0, sources).Select(i => alerts[i % alerts.Count].Dec)], [.. Enumerable.Range(0, sources).Select(i => $"s{i}")]);
        var plan = await XmatchPlan.CreateAsync(root, EngineRun.Options(1.5, MatchMode.All), catalog.IdColumn);

        var built = await CatalogPruning.BuildIndexAsync(catalog, plan.Shards, 1.5, parallelism: 2, minSources: 0, alertsPerSource, CancellationToken.None);

        Assert.Equal(124, alerts.Count);
        Assert.Equal(pruned, built.Pruned);
        Assert.Equal(sources, built.Index.IndexedSourceCount);
    }

    // The CLI reads the nights' reach while a Parquet catalog loads, deciding by the size its footer declares; the
    // build then decides by the catalog loaded. With at most two alerts per source, 62 sources prune the 124 alerts, 61
    // do not; from 124 sources on, the alerts' side is marked (and read ahead), below it the catalog's. Declared and
    // loaded sizes on either side of both, and a reading ahead for another radius: the index is the one built without.
    [Theory]
    [InlineData(130, 130, 1.5, true, true)]
    [InlineData(65, 130, 1.5, true, false)]
    [InlineData(130, 61, 1.5, false, true)]
    [InlineData(61, 61, 1.5, false, false)]
    [InlineData(100, 100, 1.5, true, false)]
    [InlineData(130, 130, 60, true, false)]
    public async Task The_reach_read_ahead_gives_the_index_built_without_it(long declared, int sources, double aheadRadiusArcsec, bool pruned, bool readAhead)
    {
        var root = TestData.Path("datalake-sample");
        var alerts = ReferenceAlerts.ReadAll(root);
        // Sources on the alerts, then half an arcsecond north of them.
        var catalog = new SourceCatalog("few.parquet", "id", [.. Enumerable.Range(0, sources).Select(i => alerts[i % alerts.Count].Ra)],
            [.. Enumerable.Range(0, sources).Select(i => alerts[i % alerts.Count].Dec + i / alerts.Count * 0.5 / 3600)],
            [.. Enumerable.Range(0, sources).Select(i => $"s{i}")]);
        var plan = await XmatchPlan.CreateAsync(root, EngineRun.Options(1.5, MatchMode.All), catalog.IdColumn);

        var ahead = CatalogPruning.ReadAhead(plan.Shards, aheadRadiusArcsec, parallelism: 2, declared, minSources: 0, alertsPerSource: 2, CancellationToken.None);
        var read = await Assert.IsType<AlertReachAhead>(ahead).ReadAsync();
        var built = await CatalogPruning.BuildIndexAsync(catalog, plan.Shards, 1.5, parallelism: 2, minSources: 0, alertsPerSource: 2, CancellationToken.None, ahead);
        var without = await CatalogPruning.BuildIndexAsync(catalog, plan.Shards, 1.5, parallelism: 2, minSources: 0, alertsPerSource: 2, CancellationToken.None);

        Assert.Equal(124, alerts.Count);
        Assert.Equal(124, read.Alerts);
        Assert.Equal(readAhead, read.Reach is not null);
        Assert.Equal(pruned, built.Pruned);
        Assert.Equal(without.Pruned, built.Pruned);
        Assert.Equal(without.AlertsRead, built.AlertsRead);
        if (pruned) Assert.Equal(124, built.AlertsRead);
        Assert.Equal(without.Index.IndexedSourceCount, built.Index.IndexedSourceCount);
        var expected = await File.ReadAllBytesAsync(await RunAsync(plan, catalog, HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, 1.5), "whole.parquet"));
        Assert.Equal(expected, await File.ReadAllBytesAsync(await RunAsync(plan, catalog, without.Index, "without.parquet")));
        Assert.Equal(expected, await File.ReadAllBytesAsync(await RunAsync(plan, catalog, built.Index, "ahead.parquet")));
        // Every alert with a source on it matches.
        Assert.True(ResultRows.Read(await RunAsync(plan, catalog, built.Index, "rows.parquet"), catalog.IdColumn).Rows.Count >= Math.Min(sources, 124));
    }

    [Fact]
    public async Task Nothing_is_read_ahead_for_a_catalog_of_unknown_or_small_size()
    {
        var plan = await XmatchPlan.CreateAsync(TestData.Path("datalake-sample"), EngineRun.Options(1.5, MatchMode.All), "id");

        Assert.Null(CatalogPruning.ReadAhead(plan.Shards, 1.5, parallelism: 2, declaredSources: null));
        Assert.Null(CatalogPruning.ReadAhead(plan.Shards, 1.5, parallelism: 2, CatalogPruning.JobMinSources - 1));
        Assert.NotNull(CatalogPruning.ReadAhead(plan.Shards, 1.5, parallelism: 2, CatalogPruning.JobMinSources));
    }

    // A night's files read side by side (a one-night job with threads to spare) give the rows, in the order, of one
    // file after the other.
    [Theory]
    [InlineData(1.5, MatchMode.All)]
    [InlineData(60, MatchMode.Nearest)]
    public async Task A_nights_files_read_at_once_give_the_rows_of_one_after_the_other(double radiusArcsec, MatchMode mode)
    {
        var root = TestData.Path("datalake-sample");
        var alerts = ReferenceAlerts.ReadAll(root);
        var catalog = AroundAlerts(alerts.Select(a => (a.Ra, a.Dec)).ToList(), radiusArcsec);
        var plan = await XmatchPlan.CreateAsync(root, EngineRun.Options(radiusArcsec, mode), catalog.IdColumn);
        var night = Assert.Single(plan.Shards);
        var index = HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec);

        async Task<(ShardOutcome Outcome, List<object?[]> Rows)> ScanAsync(int filesAtOnce)
        {
            var rows = new List<object?[]>();
            var xmatcher = new ShardXmatcher(catalog, new CrossMatcher(index, mode), plan.Result) { FilesAtOnce = filesAtOnce };
            var outcome = await xmatcher.RunAsync(night, (batch, _) =>
            {
                rows.AddRange(batch);
                return ValueTask.CompletedTask;
            });
            return (outcome, rows);
        }
        var one = await ScanAsync(1);
        var two = await ScanAsync(2);

        Assert.Equal(2, night.Files.Count);
        Assert.True(one.Rows.Count >= 124, $"{one.Rows.Count} rows");
        Assert.Equal(one.Outcome, two.Outcome);
        Assert.Equal(one.Rows, two.Rows);
        // And the runner, which reads one night's files side by side with two threads, writes the file one thread writes.
        Assert.Equal(await File.ReadAllBytesAsync(await RunAsync(plan, catalog, index, "one-thread.parquet", parallelism: 1)),
            await File.ReadAllBytesAsync(await RunAsync(plan, catalog, index, "two-threads.parquet")));
    }

    // A catalog smaller than the night's alerts: its cells are marked first, and the alerts in them are kept by the reach
    // as the scan's candidates, which it matches instead of reading the night's positions again. The rows are those of
    // the whole index's full scan, byte for byte, and the brute force's, with one thread (a file after the other) and
    // two (the night's two files side by side).
    [Theory]
    [InlineData(1.5, MatchMode.All, 1)]
    [InlineData(1.5, MatchMode.Nearest, 2)]
    [InlineData(60, MatchMode.All, 2)]
    [InlineData(60, MatchMode.Nearest, 1)]
    public async Task The_reachs_candidates_give_the_full_scans_rows(double radiusArcsec, MatchMode mode, int parallelism)
    {
        var root = TestData.Path("datalake-sample");
        var alerts = ReferenceAlerts.ReadAll(root);
        var catalog = AroundFirstAlerts(alerts, 25, radiusArcsec);
        var plan = await XmatchPlan.CreateAsync(root, EngineRun.Options(radiusArcsec, mode), catalog.IdColumn);

        var built = await CatalogPruning.BuildIndexAsync(catalog, plan.Shards, radiusArcsec, parallelism, minSources: 0, alertsPerSource: 8, CancellationToken.None);
        var candidates = Assert.IsType<AlertCandidates>(built.Candidates);
        var (prunedCounters, wholeCounters) = (new XmatchCounters(), new XmatchCounters());
        var pruned = await RunAsync(plan, catalog, built.Index, "candidates.parquet", parallelism, candidates, prunedCounters);
        var whole = await RunAsync(plan, catalog, HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec), "whole.parquet", parallelism,
            counters: wholeCounters);

        output.WriteLine($"{candidates.Count} candidates of {alerts.Count} alerts, {built.Index.IndexedSourceCount} of {catalog.Count} sources indexed");
        Assert.True(built.Pruned);
        Assert.True(candidates.Complete);
        // Every alert with sources around it is a candidate; most of the others are not.
        Assert.InRange(candidates.Count, 25, alerts.Count / 2);
        Assert.Equal(await File.ReadAllBytesAsync(whole), await File.ReadAllBytesAsync(pruned));
        // Every row group's alerts counted once, by the scan from the candidates.
        Assert.Equal(alerts.Count, prunedCounters.AlertsScanned);
        Assert.Equal((wholeCounters.AlertsScanned, wholeCounters.RowGroups, wholeCounters.Matches),
            (prunedCounters.AlertsScanned, prunedCounters.RowGroups, prunedCounters.Matches));
        var (_, rows) = ResultRows.Read(pruned, catalog.IdColumn);
        Assert.True(rows.Count >= 25, $"{rows.Count} rows");
        ResultAssert.EqualsReference(new BruteForceXmatch(alerts, catalog.RaDeg, catalog.DecDeg, catalog.Ids, radiusArcsec), radiusArcsec, mode, rows);
    }

    // The service's cache (not a job alone) weighs every alert by its cells and keeps no candidates: 65 sources at two
    // alerts per source are pruned for a job alone (124 alerts weigh one each with the catalog's side first), not for the
    // service (124 weigh 130.7); 70 sources are pruned for both, the service's without candidates.
    [Theory]
    [InlineData(65, false)]
    [InlineData(70, true)]
    public async Task The_services_index_keeps_no_candidates_and_weighs_the_alerts_cells(int sources, bool servicePrunes)
    {
        var root = TestData.Path("datalake-sample");
        var alerts = ReferenceAlerts.ReadAll(root);
        var catalog = new SourceCatalog("few.csv", "id", [.. alerts.Take(sources).Select(a => a.Ra)], [.. alerts.Take(sources).Select(a => a.Dec)],
            [.. Enumerable.Range(0, sources).Select(i => $"s{i}")]);
        var plan = await XmatchPlan.CreateAsync(root, EngineRun.Options(1.5, MatchMode.All), catalog.IdColumn);

        var alone = await CatalogPruning.BuildIndexAsync(catalog, plan.Shards, 1.5, parallelism: 2, minSources: 0, alertsPerSource: 2, CancellationToken.None);
        var service = await CatalogPruning.BuildPrunedAsync(catalog, plan.Shards, 1.5, 2, minSources: 0, alertsPerSource: 2, CancellationToken.None);

        Assert.True(alone.Pruned);
        Assert.NotNull(alone.Candidates);
        Assert.Equal(servicePrunes, service is not null);
        Assert.Null(service?.Candidates);
    }

    // Candidates that cover one of the night's two files (as for a file the reach did not read whole, or one rewritten
    // since): that file is matched from them, the other read again. The rows are the same; candidates of another
    // catalog or radius are refused.
    [Fact]
    public async Task A_file_the_candidates_do_not_cover_is_read_again()
    {
        const double radiusArcsec = 1.5;
        var root = TestData.Path("datalake-sample");
        var alerts = ReferenceAlerts.ReadAll(root);
        var catalog = AroundFirstAlerts(alerts, 25, radiusArcsec);
        var plan = await XmatchPlan.CreateAsync(root, EngineRun.Options(radiusArcsec, MatchMode.All), catalog.IdColumn);
        var night = Assert.Single(plan.Shards);
        var index = HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec);
        var cells = SkyCellMask.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec);
        Assert.NotNull(cells);
        var firstFile = new List<string> { night.Files[0] };
        var candidates = new AlertCandidates(catalog, radiusArcsec, firstFile);
        await CatalogPruning.ReachAsync(firstFile, radiusArcsec, new ParallelOptions(), cells, candidates);

        var partly = await RunAsync(plan, catalog, index, "partly.parquet", 2, candidates);
        var whole = await RunAsync(plan, catalog, index, "whole.parquet");

        Assert.Equal(2, night.Files.Count);
        Assert.InRange(candidates.Count, 1, alerts.Count - 1);
        Assert.Equal(await File.ReadAllBytesAsync(whole), await File.ReadAllBytesAsync(partly));
        Assert.True(ResultRows.Read(partly, catalog.IdColumn).Rows.Count >= 25);
        var other = AroundFirstAlerts(alerts, 25, radiusArcsec);
        await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(plan, other, index, "other.parquet", 2, candidates));
    }

    [Fact]
    public void Candidates_beyond_the_limit_are_not_kept()
    {
        var catalog = new SourceCatalog("one.csv", "id", [1.0], [2.0], ["s"]);
        var candidates = new AlertCandidates(catalog, 1.5, ["a.parquet"], maxCandidates: 3);
        Assert.True(candidates.Complete);
        candidates.Add(0, [5, 5], Batch(0, [1.0, 1.0, 1.0, 1.0, 1.0]), [0, 1, 2]);
        Assert.True(candidates.Complete);
        Assert.Equal(3, candidates.Count);
        candidates.Add(0, [5, 5], Batch(1, [1.0, 1.0, 1.0, 1.0, 1.0]), [3]);
        Assert.False(candidates.Complete);

        static FinkXmatch.Core.Datalake.PositionBatch Batch(int rowGroup, double[] values)
        {
            var batch = new FinkXmatch.Core.Datalake.PositionBatch();
            batch.Reset("a.parquet", rowGroup, values.Length, FinkXmatch.Core.Datalake.ScanColumns.Positions);
            values.CopyTo(batch.RaBuffer, 0);
            values.CopyTo(batch.DecBuffer, 0);
            return batch;
        }
    }

    private async Task<string> RunAsync(XmatchPlan plan, SourceCatalog catalog, HealpixIndex index, string name, int parallelism = 2,
        AlertCandidates? candidates = null, XmatchCounters? counters = null)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + "-" + name);
        await using var writer = new ResultParquetWriter(plan.Result.Schema, File.Create(path));
        await LocalXmatchRunner.RunAsync(plan, catalog, index, (rows, ct) => new ValueTask(writer.WriteAsync(rows, ct)), parallelism,
            counters, candidates: candidates);
        return path;
    }

    // Around each of the first alerts, sources at 0.3 and 0.99 radii (within) and 1.01 and 3 radii (beyond): fewer
    // sources than the night's alerts.
    private static SourceCatalog AroundFirstAlerts(IReadOnlyList<ReferenceAlert> alerts, int count, double radiusArcsec)
    {
        var positions = new List<(double Ra, double Dec)>();
        double[] radii = [0.3, 0.99, 1.01, 3];
        for (var a = 0; a < count; a++)
            for (var k = 0; k < radii.Length; k++)
                positions.Add(Matching.CrossMatcherTests.Offset(alerts[a].Ra, alerts[a].Dec, radii[k] * radiusArcsec / 3600, (a * 37 + k * 71) % 360 * Math.PI / 180));
        return new SourceCatalog("first.csv", "source", [.. positions.Select(p => p.Ra)], [.. positions.Select(p => p.Dec)],
            [.. Enumerable.Range(0, positions.Count).Select(i => $"s{i}")]);
    }

    // Around each alert, sources at 0.3 and 0.99 radii (within) and 1.01 and 3 radii (beyond) in turning directions,
    // shuffled into a uniform background of Background sources.
    private static SourceCatalog AroundAlerts(IReadOnlyList<(double Ra, double Dec)> alerts, double radiusArcsec)
    {
        var rng = new Random(2026);
        var positions = new List<(double Ra, double Dec)>();
        double[] radii = [0.3, 0.99, 1.01, 3];
        for (var a = 0; a < alerts.Count; a++)
            for (var k = 0; k < radii.Length; k++)
                positions.Add(Matching.CrossMatcherTests.Offset(alerts[a].Ra, alerts[a].Dec, radii[k] * radiusArcsec / 3600, (a * 37 + k * 71) % 360 * Math.PI / 180));
        for (var i = 0; i < Background; i++)
            positions.Add((rng.NextDouble() * 360, Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI));
        var shuffled = positions.OrderBy(_ => rng.Next()).ToList();
        return new SourceCatalog("around.csv", "source", [.. shuffled.Select(p => p.Ra)], [.. shuffled.Select(p => p.Dec)],
            [.. Enumerable.Range(0, shuffled.Count).Select(i => $"s{i}")]);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
