using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// A crossmatch read through the nights' sky index gives the same result file, byte for byte, as the full scan: on
/// generated nights of several files whose planted alerts crowd the poles, RA 0/360 and HEALPix face corners (corners
/// of every finer cell too), for both match rules and radii whose discs cross many cells; on the real ZTF sample and
/// the real Rubin night. The first run with a store builds each night's index from its scan; the next reads through it.
/// </summary>
public sealed class SkyIndexXmatchTests(PlantedDatalake lake) : IClassFixture<PlantedDatalake>, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"fxm-indexed-xmatch-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(1.5, MatchMode.Nearest)]
    [InlineData(1.5, MatchMode.All)]
    [InlineData(10, MatchMode.All)]
    [InlineData(60, MatchMode.Nearest)]
    public async Task Generated_nights_through_the_index_give_the_full_scans_result(double radius, MatchMode mode)
    {
        // The edge sources and a few hundred others: few enough cells for the index path even at 60".
        var random = new Random(5);
        var all = lake.Catalog;
        var picked = Enumerable.Range(0, all.Count).Where(i => i >= all.Count - ReferenceCatalogs.EdgeSources.Length || random.Next(40) == 0).ToArray();
        var catalog = new SourceCatalog("picked", all.IdColumn, [.. picked.Select(i => all.RaDeg[i])], [.. picked.Select(i => all.DecDeg[i])], [.. picked.Select(i => all.Ids[i])]);
        Assert.NotNull(CatalogCells.IndexedCells(catalog, HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, radius)));

        var rows = await AssertSameAsFullScanAsync(lake.Root, catalog, EngineRun.Options(radius, mode));
        var (_, read) = ResultRows.Read(rows, catalog.IdColumn);
        Assert.Contains(read, r => r.SourceId == "north-pole");
        Assert.Contains(read, r => r.SourceId == "equator-ra360");
        ResultAssert.EqualsReference(new BruteForceXmatch(lake.Reference.Alerts, catalog.RaDeg, catalog.DecDeg, catalog.Ids, radius), radius, mode, read);
    }

    [Fact]
    public async Task A_catalog_reaching_many_cells_keeps_the_full_scan()
    {
        var catalog = lake.Catalog;
        Assert.Null(CatalogCells.IndexedCells(catalog, HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, 60)));
        var store = new SkyIndexStore(Path.Combine(_dir, "index"));
        Directory.CreateDirectory(_dir);
        var (_, first) = await EngineRun.ToFileAsync(lake.Root, catalog, EngineRun.Options(60, MatchMode.Nearest), Path.Combine(_dir, "a.parquet"), store);
        var (_, second) = await EngineRun.ToFileAsync(lake.Root, catalog, EngineRun.Options(60, MatchMode.Nearest), Path.Combine(_dir, "b.parquet"), store);
        Assert.All(first.Nights, n => Assert.Equal(ShardScanPath.FullScanBuildingIndex, n.Path));
        Assert.All(second.Nights, n => Assert.Equal(ShardScanPath.FullScan, n.Path));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "a.parquet")), File.ReadAllBytes(Path.Combine(_dir, "b.parquet")));
    }

    [Fact]
    public async Task An_index_directory_that_cannot_be_written_leaves_the_scan_whole()
    {
        // A file where the index directory should be: every index write fails.
        Directory.CreateDirectory(_dir);
        var blocked = Path.Combine(_dir, "not-a-directory");
        await File.WriteAllTextAsync(blocked, "");
        var catalog = lake.Catalog;
        var (_, full) = await EngineRun.ToFileAsync(lake.Root, catalog, EngineRun.Options(1.5, MatchMode.Nearest), Path.Combine(_dir, "full.parquet"));
        var (_, run) = await EngineRun.ToFileAsync(lake.Root, catalog, EngineRun.Options(1.5, MatchMode.Nearest), Path.Combine(_dir, "run.parquet"),
            new SkyIndexStore(blocked));
        Assert.All(run.Nights, n => Assert.Equal(ShardScanPath.FullScan, n.Path));
        Assert.Equal(full.Matches, run.Matches);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "full.parquet")), File.ReadAllBytes(Path.Combine(_dir, "run.parquet")));
    }

    [Fact]
    public async Task The_real_ztf_sample_through_the_index_gives_the_full_scans_result()
    {
        var root = TestData.Path("datalake-sample");
        var alerts = ReferenceAlerts.ReadAll(root);
        // A source 0.5" north of every third alert, and one far from any.
        var near = alerts.Where((_, i) => i % 3 == 0).ToArray();
        var catalog = new SourceCatalog("near", "id", [.. near.Select(a => a.Ra), 10.0], [.. near.Select(a => Math.Min(90, a.Dec + 0.5 / 3600)), -20.0],
            [.. near.Select(a => a.ObjectId), "nothing"]);
        var rows = await AssertSameAsFullScanAsync(root, catalog, EngineRun.Options(1.5, MatchMode.All));
        var (_, read) = ResultRows.Read(rows, "id");
        Assert.All(near, a => Assert.Contains(read, r => r.Candid == a.Candid && r.SourceId == a.ObjectId));
        Assert.DoesNotContain(read, r => r.SourceId == "nothing");
    }

    [Fact]
    public async Task The_real_rubin_night_through_the_index_gives_the_full_scans_result()
    {
        var root = Path.Combine(_dir, "rubin");
        RubinLake.LayOut(root);
        var alerts = RubinLake.Alerts();
        var catalog = new SourceCatalog("rubin", "id", [.. alerts.Select(a => a.Ra)], [.. alerts.Select(a => a.Dec)],
            [.. alerts.Select(a => a.DiaSourceId.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var options = new XmatchOptions(2, MatchMode.All, Fields: ["diaSource.psfFlux", "diaSource.band"], Survey: Survey.Lsst);
        var rows = await AssertSameAsFullScanAsync(root, catalog, options);
        using var file = new ParquetSharp.ParquetFileReader(rows);
        Assert.True(file.FileMetaData.NumRows >= alerts.Count);
    }

    [Fact]
    public async Task A_night_rewritten_in_place_is_read_again_not_answered_from_memory()
    {
        // Two nights of one real file each; a source next to an alert of the second night only.
        var sample = Path.Combine(TestData.Path("datalake-sample"), "year=1988", "month=11", "day=03");
        var (first, second) = (Path.Combine(sample, "part-00002.snappy.parquet"), Path.Combine(sample, "part-00003.snappy.parquet"));
        var root = Path.Combine(_dir, "lake");
        var (night1, night2) = (Path.Combine(root, "year=1988", "month=11", "day=03", "part-00002.snappy.parquet"),
            Path.Combine(root, "year=1988", "month=11", "day=04", "part-00003.snappy.parquet"));
        foreach (var (from, to) in new[] { (first, night1), (second, night2) })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
        }
        var firstAlerts = ReferenceAlerts.ReadAll(Path.Combine(root, "year=1988", "month=11", "day=03"));
        var alert = ReferenceAlerts.ReadAll(Path.Combine(root, "year=1988", "month=11", "day=04"))
            .First(a => firstAlerts.All(b => Math.Abs(b.Dec - a.Dec) > 0.1 || Math.Abs(b.Ra - a.Ra) > 0.1));
        var catalog = new SourceCatalog("one", "id", [alert.Ra], [Math.Min(90, alert.Dec + 0.5 / 3600)], ["next-to-" + alert.ObjectId]);
        var options = EngineRun.Options(1.5, MatchMode.Nearest);
        var store = new SkyIndexStore(Path.Combine(_dir, "index"));
        async Task<XmatchSummary> RunAsync(string name) => (await EngineRun.ToFileAsync(root, catalog, options, Path.Combine(_dir, name), store)).Summary;

        await RunAsync("building.parquet");
        var indexed = await RunAsync("indexed.parquet");
        Assert.All(indexed.Nights, n => Assert.Equal(ShardScanPath.SkyIndex, n.Path));
        Assert.Equal([0L, 1L], indexed.Nights.Select(n => n.Matches));

        // The same bytes, another modification time: the night's index in memory no longer describes it.
        File.SetLastWriteTimeUtc(night1, File.GetLastWriteTimeUtc(night1).AddMinutes(1));
        var touched = await RunAsync("touched.parquet");
        Assert.Equal([ShardScanPath.FullScanBuildingIndex, ShardScanPath.SkyIndex], touched.Nights.Select(n => n.Path));

        // Rewritten in place (the same path and inode, another size): now holding the source's alert too.
        await File.WriteAllBytesAsync(night1, await File.ReadAllBytesAsync(night2));
        var rewritten = await RunAsync("rewritten.parquet");
        Assert.Equal([ShardScanPath.FullScanBuildingIndex, ShardScanPath.SkyIndex], rewritten.Nights.Select(n => n.Path));
        Assert.Equal([1L, 1L], rewritten.Nights.Select(n => n.Matches));
        var again = await RunAsync("again.parquet");
        Assert.All(again.Nights, n => Assert.Equal(ShardScanPath.SkyIndex, n.Path));
        var (_, full) = await EngineRun.ToFileAsync(root, catalog, options, Path.Combine(_dir, "full.parquet"));
        Assert.Equal(2, full.Matches);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "full.parquet")), File.ReadAllBytes(Path.Combine(_dir, "rewritten.parquet")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "full.parquet")), File.ReadAllBytes(Path.Combine(_dir, "again.parquet")));
    }

    // Full scan, then a first run with a store (builds every night's index from its scan), then a run through the
    // index: all three files the same bytes. Returns the last one.
    private async Task<string> AssertSameAsFullScanAsync(string root, SourceCatalog catalog, XmatchOptions options)
    {
        var store = new SkyIndexStore(Path.Combine(_dir, "index", Guid.NewGuid().ToString("N")));
        var (full, building, indexed) = (Path.Combine(_dir, "full.parquet"), Path.Combine(_dir, "building.parquet"), Path.Combine(_dir, "indexed.parquet"));
        Directory.CreateDirectory(_dir);
        var (_, fullRun) = await EngineRun.ToFileAsync(root, catalog, options, full);
        var (_, buildingRun) = await EngineRun.ToFileAsync(root, catalog, options, building, store);
        var (_, indexedRun) = await EngineRun.ToFileAsync(root, catalog, options, indexed, store);

        Assert.All(fullRun.Nights, n => Assert.Equal(ShardScanPath.FullScan, n.Path));
        Assert.All(buildingRun.Nights, n => Assert.Equal(ShardScanPath.FullScanBuildingIndex, n.Path));
        Assert.All(indexedRun.Nights, n => Assert.Equal(ShardScanPath.SkyIndex, n.Path));
        Assert.True(fullRun.Matches > 0);
        Assert.Equal(fullRun.Matches, indexedRun.Matches);
        Assert.Equal(fullRun.Alerts, indexedRun.Alerts);
        Assert.Equal(File.ReadAllBytes(full), File.ReadAllBytes(building));
        Assert.Equal(File.ReadAllBytes(full), File.ReadAllBytes(indexed));
        return indexed;
    }
}
