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

    [Theory]
    [InlineData(65, false)]
    [InlineData(66, true)]
    public async Task Nights_with_more_alerts_per_source_than_the_limit_index_the_whole_catalog(int sources, bool pruned)
    {
        var root = TestData.Path("datalake-sample");
        var alerts = ReferenceAlerts.ReadAll(root);
        var catalog = new SourceCatalog("few.csv", "id", [.. alerts.Take(sources).Select(a => a.Ra)], [.. alerts.Take(sources).Select(a => a.Dec)],
            [.. Enumerable.Range(0, sources).Select(i => $"s{i}")]);
        var plan = await XmatchPlan.CreateAsync(root, EngineRun.Options(1.5, MatchMode.All), catalog.IdColumn);

        // Two alerts per source at most, each weighed by the 1.054 cells its disc marks at 1.5": 124 alerts weigh
        // 130.7, so they prune a catalog of 66 sources, not one of 65.
        var built = await CatalogPruning.BuildIndexAsync(catalog, plan.Shards, 1.5, parallelism: 2, minSources: 0, alertsPerSource: 2, CancellationToken.None);

        Assert.Equal(pruned, built.Pruned);
        Assert.Equal(sources, built.Index.IndexedSourceCount);
    }

    private async Task<string> RunAsync(XmatchPlan plan, SourceCatalog catalog, HealpixIndex index, string name)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + "-" + name);
        await using var writer = new ResultParquetWriter(plan.Result.Schema, File.Create(path));
        await LocalXmatchRunner.RunAsync(plan, catalog, index, (rows, ct) => new ValueTask(writer.WriteAsync(rows, ct)), parallelism: 2);
        return path;
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
