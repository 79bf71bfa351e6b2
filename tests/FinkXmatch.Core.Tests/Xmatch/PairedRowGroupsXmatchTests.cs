using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Synthetic;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// A full scan reads the matched rows of a file's row groups two row groups at a time (each field's pages of the two
/// decompressed together), and a file's last matched row group left without a twin with the next matched one of the
/// night's later files: with many small row groups per file, some without any match between matched ones, an odd
/// one left at a file's end, and several files per night, the rows must still be the brute-force reference's, in each
/// night's file, row-group and row order.
/// </summary>
public sealed class PairedRowGroupsXmatchTests : IAsyncLifetime
{
    private const int AlertsPerNight = 3000;
    private const int RowGroupSize = 350;
    private const int AlertsPerFile = 1000;   // of the datalake with several files per night
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fxm-paired-" + Guid.NewGuid().ToString("N"));
    private readonly Core.Catalogs.SourceCatalog _catalog = ReferenceCatalogs.Merged();
    private BruteForceXmatch _oneFile = null!;
    private BruteForceXmatch _threeFiles = null!;

    public async Task InitializeAsync()
    {
        // One file per night of 9 row groups (8 of 350 rows, one of 200), or 3 files of 3 (350, 350, 300 rows); about
        // one planted counterpart per 200 sources: row groups with none, one or several matches.
        _oneFile = await PlantedDatalake.GenerateSparseAsync(Options("one", 22, AlertsPerNight), _catalog, 0.005);
        _threeFiles = await PlantedDatalake.GenerateSparseAsync(Options("three", 23, AlertsPerFile), _catalog, 0.005);
    }

    private DatalakeGeneratorOptions Options(string name, int seed, int alertsPerFile) => new(Path.Combine(_root, name), new DateOnly(2025, 12, 30),
        Nights: 2, AlertsPerNight: AlertsPerNight, Seed: seed, CutoutBytes: 0, RowGroupSize: RowGroupSize, AlertsPerFile: alertsPerFile, MaxHistory: 1);

    [Theory]
    [InlineData(MatchMode.Nearest)]
    [InlineData(MatchMode.All)]
    public async Task Rows_of_paired_row_groups_equal_brute_force_in_scan_order(MatchMode mode)
    {
        var groups = await MatchedRowGroupsAsync("one", _oneFile, mode);
        // Some row groups without a match lie between matched ones, and the matched ones are not all paired (an odd
        // count in a night leaves one read alone).
        Assert.True(groups.Length is >= 5 and <= 16, $"{groups.Length} matched row groups: {string.Join(", ", groups)}");
        Assert.True(groups.GroupBy(g => g.Night).Any(n => n.Count() % 2 == 1), string.Join(", ", groups));
        Assert.Contains(groups, g => g.Group > 0 && !groups.Contains((g.Night, 0, g.Group - 1)) && groups.Any(e => e.Night == g.Night && e.Group < g.Group - 1));
    }

    [Theory]
    [InlineData(MatchMode.Nearest)]
    [InlineData(MatchMode.All)]
    public async Task Rows_of_row_groups_paired_across_files_equal_brute_force_in_scan_order(MatchMode mode)
    {
        var groups = await MatchedRowGroupsAsync("three", _threeFiles, mode);
        // A file with an odd count of matched row groups followed, in its night, by a file with a matched one: its last
        // matched row group is read with that file's.
        Assert.Contains(groups, g => groups.Count(h => h.Night == g.Night && h.File == g.File) % 2 == 1
            && groups.Any(h => h.Night == g.Night && h.File > g.File));
    }

    // The same read through the nights' sky index (ShardXmatcher.MatchCandidatesAsync), with a catalog of the sources
    // that match (the reference's rows are theirs) reaching few enough cells for that path.
    [Theory]
    [InlineData(MatchMode.Nearest)]
    [InlineData(MatchMode.All)]
    public async Task Rows_of_row_groups_paired_across_files_through_the_sky_index_equal_brute_force_in_scan_order(MatchMode mode)
    {
        var matched = _threeFiles.Expected(2, mode).Select(p => p.SourceId).ToHashSet(StringComparer.Ordinal);
        var kept = Enumerable.Range(0, _catalog.Count).Where(i => matched.Contains(_catalog.Ids[i])).ToArray();
        var catalog = new Core.Catalogs.SourceCatalog("matched", _catalog.IdColumn, [.. kept.Select(i => _catalog.RaDeg[i])],
            [.. kept.Select(i => _catalog.DecDeg[i])], [.. kept.Select(i => _catalog.Ids[i])]);
        var store = new Core.SkyIndex.SkyIndexStore(Path.Combine(_root, "index-" + mode));
        // The first run builds each night's index from its scan.
        await EngineRun.ToFileAsync(Path.Combine(_root, "three"), catalog, EngineRun.Options(2, mode), Path.Combine(_root, "first-" + mode + ".parquet"), store);

        var groups = await MatchedRowGroupsAsync("three", _threeFiles, mode, catalog, store);
        Assert.Contains(groups, g => groups.Count(h => h.Night == g.Night && h.File == g.File) % 2 == 1
            && groups.Any(h => h.Night == g.Night && h.File > g.File));
    }

    // Runs the job on datalake `name` (with `catalog`, through the sky index in `store`, when given), checks its rows
    // against the reference and each night's rows in the order of its alerts (nights run side by side, so they may
    // interleave); the matched row groups.
    private async Task<(int Night, int File, int Group)[]> MatchedRowGroupsAsync(string name, BruteForceXmatch reference, MatchMode mode,
        Core.Catalogs.SourceCatalog? catalog = null, Core.SkyIndex.SkyIndexStore? store = null)
    {
        var path = Path.Combine(_root, name + "-" + mode + (store is null ? "" : "-indexed") + ".parquet");
        var (_, summary) = await EngineRun.ToFileAsync(Path.Combine(_root, name), catalog ?? _catalog, EngineRun.Options(2, mode), path, store);
        Assert.All(summary.Nights, n => Assert.Equal(store is null ? Core.Xmatch.ShardScanPath.FullScan : Core.Xmatch.ShardScanPath.SkyIndex, n.Path));
        var (_, rows) = ResultRows.Read(path, _catalog.IdColumn);
        ResultAssert.EqualsReference(reference, 2, mode, rows);
        var place = reference.Alerts.Select((a, i) => (a, i)).ToDictionary(p => (p.a.ObjectId, p.a.Candid), p => p.i);
        var at = rows.Select(r => place[(r.ObjectId, r.Candid)]).ToArray();
        foreach (var night in at.GroupBy(i => i / AlertsPerNight))
            Assert.Equal(night.Order(), night);
        var perFile = reference == _oneFile ? AlertsPerNight : AlertsPerFile;
        return at.Select(i => (Night: i / AlertsPerNight, File: i % AlertsPerNight / perFile, Group: i % perFile / RowGroupSize)).Distinct().ToArray();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
