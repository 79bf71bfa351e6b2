using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// Nights read while the catalog's index is being built (<see cref="CatalogIndexUnderway"/>): their positions filtered by
/// the catalog's cell mask first (<see cref="NightCandidates"/>), matched once the index exists. The rows must be those
/// of the full scan with the index built first, in the same order, and the brute force's: on nights of two files, each
/// of several row groups, some without a match between matched ones and odd counts of matched ones in a file (read in
/// pairs, one left alone).
/// </summary>
public sealed class IndexUnderwayXmatchTests : IAsyncLifetime
{
    private const int Nights = 4;
    private const int AlertsPerNight = 3000;
    private const double RadiusArcsec = 2;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fxm-underway-" + Guid.NewGuid().ToString("N"));
    private readonly SourceCatalog _catalog = ReferenceCatalogs.Merged();
    private BruteForceXmatch _reference = null!;

    public async Task InitializeAsync()
    {
        // Two files a night (1,500 rows each, row groups of 350: four, then one of 100); about one planted counterpart per
        // 100 sources.
        _reference = await PlantedDatalake.GenerateSparseAsync(new DatalakeGeneratorOptions(_root, new DateOnly(2025, 12, 28), Nights: Nights,
            AlertsPerNight: AlertsPerNight, Seed: 23, CutoutBytes: 0, RowGroupSize: 350, AlertsPerFile: AlertsPerNight / 2, MaxHistory: 1), _catalog, 0.01);
    }

    [Theory]
    [InlineData(MatchMode.Nearest)]
    [InlineData(MatchMode.All)]
    public async Task A_nights_alerts_in_the_catalogs_cells_give_the_full_scans_rows(MatchMode mode)
    {
        var plan = await XmatchPlan.CreateAsync(_root, EngineRun.Options(RadiusArcsec, mode), _catalog.IdColumn);
        var index = HealpixIndex.Build(_catalog.RaDeg, _catalog.DecDeg, RadiusArcsec);
        var mask = Assert.IsType<SkyCellMask>(index.CellMask);
        var counters = new XmatchCounters();
        var matchedGroups = 0;
        foreach (var night in plan.Shards)
        {
            var full = new List<object?[]>();
            var scanned = await new ShardXmatcher(_catalog, new CrossMatcher(index, mode), plan.Result).RunAsync(night, (batch, _) =>
            {
                full.AddRange(batch);
                matchedGroups++;
                return ValueTask.CompletedTask;
            });
            var read = await NightCandidates.ReadAsync(night, mask, null, counters, CancellationToken.None);
            var candidates = new List<object?[]>();
            var matched = await new ShardXmatcher(_catalog, new CrossMatcher(index, mode), plan.Result, counters).RunAsync(night, read, (batch, _) =>
            {
                candidates.AddRange(batch);
                return ValueTask.CompletedTask;
            }, CancellationToken.None);

            Assert.Equal(2, night.Files.Count);
            Assert.Equal(scanned, matched);
            Assert.Equal(full, candidates);
            // The mask keeps few of the night's alerts, every matched one among them.
            Assert.InRange(read.Alerts.Count, matched.Matches > 0 ? 1 : 0, AlertsPerNight / 5);
        }
        Assert.Equal(Nights * AlertsPerNight, counters.AlertsScanned);
        Assert.True(matchedGroups >= 3 * Nights, $"{matchedGroups} matched row groups");
    }

    // The index completes once the nights read before it hold more alerts than a night: at least one night then waits
    // for it (matched after the others), and the file is the one written with the index built first.
    [Theory]
    [InlineData(MatchMode.Nearest)]
    [InlineData(MatchMode.All)]
    public async Task A_job_whose_index_is_built_meanwhile_writes_the_file_of_the_index_built_first(MatchMode mode)
    {
        var plan = await XmatchPlan.CreateAsync(_root, EngineRun.Options(RadiusArcsec, mode), _catalog.IdColumn);
        var index = HealpixIndex.Build(_catalog.RaDeg, _catalog.DecDeg, RadiusArcsec);
        var counters = new XmatchCounters();
        var built = new TaskCompletionSource<CatalogIndex>(TaskCreationOptions.RunContinuationsAsynchronously);
        var completer = Task.Run(async () =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (counters.AlertsScanned <= AlertsPerNight && DateTime.UtcNow < deadline) await Task.Delay(1);
            built.SetResult(new CatalogIndex(index, null, TimeSpan.Zero, TimeSpan.Zero));
        });
        var underway = CatalogIndexUnderway.Pending(built.Task, index.CellMask);

        var meanwhile = await WriteAsync(plan, (sink, ct) => LocalXmatchRunner.RunAsync(plan, _catalog, underway, sink, parallelism: 2, counters, ct));
        var first = await WriteAsync(plan, (sink, ct) => LocalXmatchRunner.RunAsync(plan, _catalog, index, sink, parallelism: 2, cancellationToken: ct));
        await completer;

        Assert.InRange(counters.NightsReadBeforeIndex, 2, Nights);
        Assert.Equal(Nights * AlertsPerNight, counters.AlertsScanned);
        Assert.Equal(meanwhile.Summary.Nights, first.Summary.Nights);
        Assert.Equal(await File.ReadAllBytesAsync(first.Path), await File.ReadAllBytesAsync(meanwhile.Path));
        var (_, rows) = ResultRows.Read(meanwhile.Path, _catalog.IdColumn);
        ResultAssert.EqualsReference(_reference, RadiusArcsec, mode, rows);
    }

    // The runner's own build (the CLI's and the benchmark's path): the whole catalog below the pruning size, the mask it
    // reads the nights with is the index's.
    [Fact]
    public async Task The_whole_catalogs_index_is_built_after_its_mask()
    {
        var plan = await XmatchPlan.CreateAsync(_root, EngineRun.Options(RadiusArcsec, MatchMode.All), _catalog.IdColumn);

        var underway = await CatalogIndexUnderway.StartAsync(_catalog, plan.Shards, RadiusArcsec, parallelism: 2, null);
        var built = await underway.Built;
        var (summary, path) = await WriteAsync(plan, (sink, ct) => LocalXmatchRunner.RunAsync(plan, _catalog, sink, parallelism: 2, cancellationToken: ct));

        Assert.False(built.Pruned);
        Assert.NotNull(underway.Mask);
        Assert.Same(underway.Mask, built.Index.CellMask);
        // Its fine layer marked with the index, as the catalog's own mask has it.
        Assert.True(built.Index.CellMask!.HasFineLayer);
        Assert.Equal(SkyCellMask.Build(_catalog.RaDeg, _catalog.DecDeg, RadiusArcsec)!.FineCellsPerDegree, built.Index.CellMask.FineCellsPerDegree);
        Assert.Equal(HealpixIndex.Build(_catalog.RaDeg, _catalog.DecDeg, RadiusArcsec).EntryCount, built.Index.EntryCount);
        Assert.Equal(Nights * AlertsPerNight, summary.Alerts);
        ResultAssert.EqualsReference(_reference, RadiusArcsec, MatchMode.All, ResultRows.Read(path, _catalog.IdColumn).Rows);
    }

    private async Task<(XmatchSummary Summary, string Path)> WriteAsync(XmatchPlan plan, Func<ResultRowsHandler, CancellationToken, Task<XmatchSummary>> run)
    {
        var path = _root + "-" + Guid.NewGuid().ToString("N") + ".parquet";
        await using var writer = new ResultParquetWriter(plan.Result.Schema, File.Create(path));
        var summary = await run((rows, ct) => new ValueTask(writer.WriteAsync(rows, ct)), CancellationToken.None);
        return (summary, path);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        foreach (var path in Directory.GetFiles(Path.GetDirectoryName(_root)!, Path.GetFileName(_root) + "-*.parquet")) File.Delete(path);
        return Task.CompletedTask;
    }
}
