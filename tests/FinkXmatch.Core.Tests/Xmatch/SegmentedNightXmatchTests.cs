using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// A night's files read at once (a one-night job with threads to spare) are read a segment of two row groups at a time,
/// the segments of files of unequal sizes shared by the threads: the rows and the outcome must be those of one file
/// after the other, row group after row group, with the night's positions read and with the reach's candidates.
/// </summary>
public sealed class SegmentedNightXmatchTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fxm-segments-" + Guid.NewGuid().ToString("N"));
    private readonly Core.Catalogs.SourceCatalog _catalog = ReferenceCatalogs.Merged();

    public async Task InitializeAsync() =>
        // One night of 6,000 alerts in files of 4,500 and 1,500: 7 row groups (6 of 700, one of 300) and 3 (700, 700, 100);
        // about one planted counterpart per 25 sources.
        await PlantedDatalake.GenerateSparseAsync(new DatalakeGeneratorOptions(_root, new DateOnly(2025, 12, 30), Nights: 1,
            AlertsPerNight: 6000, Seed: 23, CutoutBytes: 0, RowGroupSize: 700, AlertsPerFile: 4500, MaxHistory: 1), _catalog, 0.04);

    [Theory]
    [InlineData(1.5, MatchMode.All)]
    [InlineData(60, MatchMode.Nearest)]
    public async Task Segments_read_at_once_give_the_rows_of_one_file_after_the_other(double radiusArcsec, MatchMode mode)
    {
        var plan = await XmatchPlan.CreateAsync(_root, EngineRun.Options(radiusArcsec, mode), _catalog.IdColumn);
        var night = Assert.Single(plan.Shards);
        var index = HealpixIndex.Build(_catalog.RaDeg, _catalog.DecDeg, radiusArcsec);
        var pruned = await CatalogPruning.BuildIndexAsync(_catalog, plan.Shards, radiusArcsec, 2, minSources: 0, alertsPerSource: 8, CancellationToken.None);
        var candidates = Assert.IsType<AlertCandidates>(pruned.Candidates);

        async Task<(ShardOutcome Outcome, List<object?[]> Rows)> ScanAsync(HealpixIndex with, AlertCandidates? from, int filesAtOnce)
        {
            var rows = new List<object?[]>();
            var xmatcher = new ShardXmatcher(_catalog, new CrossMatcher(with, mode), plan.Result) { FilesAtOnce = filesAtOnce, Candidates = from };
            var outcome = await xmatcher.RunAsync(night, (batch, _) =>
            {
                rows.AddRange(batch);
                return ValueTask.CompletedTask;
            });
            return (outcome, rows);
        }
        var one = await ScanAsync(index, null, 1);

        Assert.Equal(2, night.Files.Count);
        Assert.Equal(6000, one.Outcome.Alerts);
        Assert.Equal(10, one.Outcome.RowGroups);
        Assert.True(one.Rows.Count >= 60, $"{one.Rows.Count} rows");
        foreach (var (with, from) in new[] { (index, (AlertCandidates?)null), (pruned.Index, candidates) })
            foreach (var filesAtOnce in new[] { 2, 3 })
            {
                var segmented = await ScanAsync(with, from, filesAtOnce);
                Assert.Equal(one.Outcome, segmented.Outcome);
                Assert.Equal(one.Rows, segmented.Rows);
            }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
