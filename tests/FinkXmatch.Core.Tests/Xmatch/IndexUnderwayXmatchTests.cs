using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// Nights read while the catalog's index is being built (<see cref="CatalogIndexUnderway"/>): their positions filtered by
/// the catalog's cell mask first (<see cref="AlertCandidates.ReadAsync"/>), matched once the index exists. The rows must be those
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
        var candidates = new AlertCandidates(_catalog, RadiusArcsec, [.. plan.Shards.SelectMany(n => n.Files)]);
        var (scanCounters, counters) = (new XmatchCounters(), new XmatchCounters());
        var matchedGroups = 0;
        foreach (var night in plan.Shards)
        {
            var full = new List<object?[]>();
            var scanned = await new ShardXmatcher(_catalog, new CrossMatcher(index, mode), plan.Result, scanCounters).RunAsync(night, (batch, _) =>
            {
                full.AddRange(batch);
                matchedGroups++;
                return ValueTask.CompletedTask;
            });
            var (alertsBefore, keptBefore) = (counters.AlertsScanned, candidates.Count);
            await candidates.ReadAsync(night, mask, null, counters, CancellationToken.None);
            // The reading counts no alert: the scan from the candidates counts them, once.
            Assert.Equal(alertsBefore, counters.AlertsScanned);
            await AssertCoversAsync(candidates, night.Files, true);
            var fromCandidates = new List<object?[]>();
            var matched = await new ShardXmatcher(_catalog, new CrossMatcher(index, mode), plan.Result, counters) { Candidates = candidates }.RunAsync(night, (batch, _) =>
            {
                fromCandidates.AddRange(batch);
                return ValueTask.CompletedTask;
            });

            Assert.Equal(2, night.Files.Count);
            Assert.Equal(scanned, matched);
            Assert.Equal(full, fromCandidates);
            // The mask keeps few of the night's alerts, every matched one among them.
            Assert.InRange(candidates.Count - keptBefore, matched.Matches > 0 ? 1 : 0, AlertsPerNight / 5);
        }
        Assert.Equal(Nights * AlertsPerNight, counters.AlertsScanned);
        Assert.Equal(scanCounters.RowGroups, counters.RowGroups);
        Assert.Equal(scanCounters.Matches, counters.Matches);
        Assert.True(matchedGroups >= 3 * Nights, $"{matchedGroups} matched row groups");
    }

    // More alerts in the catalog's cells than the candidates keep: the night's first file is kept whole and matched from
    // them, the reading stops in the second, which the scan reads again. The rows and counts are the full scan's.
    [Fact]
    public async Task A_file_past_the_candidates_limit_is_read_again()
    {
        var plan = await XmatchPlan.CreateAsync(_root, EngineRun.Options(RadiusArcsec, MatchMode.All), _catalog.IdColumn);
        var index = HealpixIndex.Build(_catalog.RaDeg, _catalog.DecDeg, RadiusArcsec);
        var mask = Assert.IsType<SkyCellMask>(index.CellMask);
        var night = plan.Shards[0];
        var firstFile = new AlertCandidates(_catalog, RadiusArcsec, [night.Files[0]]);
        await firstFile.ReadAsync(night with { Files = [night.Files[0]] }, mask, null, new XmatchCounters(), CancellationToken.None);
        var limited = new AlertCandidates(_catalog, RadiusArcsec, night.Files, maxCandidates: (int)firstFile.Count + 1);
        var (scanCounters, counters) = (new XmatchCounters(), new XmatchCounters());

        await limited.ReadAsync(night, mask, null, counters, CancellationToken.None);
        var full = await RowsAsync(new ShardXmatcher(_catalog, new CrossMatcher(index, MatchMode.All), plan.Result, scanCounters));
        var partly = await RowsAsync(new ShardXmatcher(_catalog, new CrossMatcher(index, MatchMode.All), plan.Result, counters) { Candidates = limited });

        Assert.InRange(firstFile.Count, 1, AlertsPerNight / 10);
        Assert.False(limited.Complete);
        await AssertCoversAsync(limited, [night.Files[0]], true);
        await AssertCoversAsync(limited, [night.Files[1]], false);
        Assert.Equal(full.Outcome, partly.Outcome);
        Assert.Equal(full.Rows, partly.Rows);
        Assert.True(full.Rows.Count >= 2, $"{full.Rows.Count} rows");
        Assert.Equal((scanCounters.AlertsScanned, scanCounters.RowGroups, scanCounters.Matches), (counters.AlertsScanned, counters.RowGroups, counters.Matches));

        async Task<(ShardOutcome Outcome, List<object?[]> Rows)> RowsAsync(ShardXmatcher scanner)
        {
            var rows = new List<object?[]>();
            var outcome = await scanner.RunAsync(night, (batch, _) =>
            {
                rows.AddRange(batch);
                return ValueTask.CompletedTask;
            });
            return (outcome, rows);
        }
    }

    // A file cut short in the last night: the job fails with the file's error, whether the night is read while the
    // index is being built or after it, not with the cancellation the failure gives the other nights.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_damaged_file_fails_the_job_with_its_error(bool indexMeanwhile)
    {
        var root = _root + "-damaged";
        foreach (var file in Directory.GetFiles(_root, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(root, Path.GetRelativePath(_root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        try
        {
            var plan = await XmatchPlan.CreateAsync(root, EngineRun.Options(RadiusArcsec, MatchMode.All), _catalog.IdColumn);
            var damaged = plan.Shards[^1].Files[^1];
            await using (var stream = new FileStream(damaged, FileMode.Open)) stream.SetLength(stream.Length / 2);
            var index = HealpixIndex.Build(_catalog.RaDeg, _catalog.DecDeg, RadiusArcsec);
            var underway = indexMeanwhile
                ? CatalogIndexUnderway.Pending(Task.Delay(200).ContinueWith(_ => new CatalogIndex(index, null, TimeSpan.Zero, TimeSpan.Zero)), index.CellMask)
                : CatalogIndexUnderway.Done(new CatalogIndex(index, null, TimeSpan.Zero, TimeSpan.Zero));

            var error = await Assert.ThrowsAsync<DatalakeException>(() =>
                LocalXmatchRunner.RunAsync(plan, _catalog, underway, (_, _) => ValueTask.CompletedTask, parallelism: 2));

            Assert.Contains(Path.GetFileName(damaged), error.Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task AssertCoversAsync(AlertCandidates candidates, IEnumerable<string> files, bool covered)
    {
        foreach (var path in files)
        {
            await using var file = await AlertFile.OpenAsync(path);
            Assert.Equal(covered, candidates.For(path, file) is not null);
        }
    }

    // The index completes once a second night is being read before it: at least one night then waits for it (matched
    // after the others), and the file is the one written with the index built first, with the same counts.
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
            while (counters.NightsReadBeforeIndex < 2 && DateTime.UtcNow < deadline) await Task.Delay(1);
            built.SetResult(new CatalogIndex(index, null, TimeSpan.Zero, TimeSpan.Zero));
        });
        var underway = CatalogIndexUnderway.Pending(built.Task, index.CellMask);

        var meanwhile = await WriteAsync(plan, (sink, ct) => LocalXmatchRunner.RunAsync(plan, _catalog, underway, sink, parallelism: 2, counters, ct));
        var firstCounters = new XmatchCounters();
        var first = await WriteAsync(plan, (sink, ct) => LocalXmatchRunner.RunAsync(plan, _catalog, index, sink, parallelism: 2, firstCounters, ct));
        await completer;

        Assert.InRange(counters.NightsReadBeforeIndex, 2, Nights);
        Assert.Equal(Nights * AlertsPerNight, counters.AlertsScanned);
        Assert.Equal((firstCounters.RowGroups, firstCounters.Matches), (counters.RowGroups, counters.Matches));
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
