using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Synthetic;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// A full scan reads the matched rows of a file's row groups two row groups at a time (each field's pages of the two
/// decompressed together): with many small row groups per file, some without any match between matched ones and an odd
/// one left at a file's end, the rows must still be the brute-force reference's, in each night's file, row-group and
/// row order.
/// </summary>
public sealed class PairedRowGroupsXmatchTests : IAsyncLifetime
{
    private const int AlertsPerNight = 3000;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fxm-paired-" + Guid.NewGuid().ToString("N"));
    private readonly Core.Catalogs.SourceCatalog _catalog = ReferenceCatalogs.Merged();
    private BruteForceXmatch _reference = null!;

    public async Task InitializeAsync()
    {
        // 9 row groups per file (8 of 350 rows, one of 200), one file per night; about one planted counterpart per
        // 200 sources: row groups with none, one or several matches.
        _reference = await PlantedDatalake.GenerateSparseAsync(new DatalakeGeneratorOptions(_root, new DateOnly(2025, 12, 30), Nights: 2,
            AlertsPerNight: AlertsPerNight, Seed: 22, CutoutBytes: 0, RowGroupSize: 350, AlertsPerFile: AlertsPerNight, MaxHistory: 1), _catalog, 0.005);
    }

    [Theory]
    [InlineData(MatchMode.Nearest)]
    [InlineData(MatchMode.All)]
    public async Task Rows_of_paired_row_groups_equal_brute_force_in_scan_order(MatchMode mode)
    {
        var path = _root + "-" + mode + ".parquet";
        try
        {
            await EngineRun.ToFileAsync(_root, _catalog, EngineRun.Options(2, mode), path);
            var (_, rows) = ResultRows.Read(path, _catalog.IdColumn);
            ResultAssert.EqualsReference(_reference, 2, mode, rows);

            // Which row groups matched: some without a match lie between matched ones, and the matched ones are not all
            // paired (an odd count in a file leaves one read alone).
            var place = _reference.Alerts.Select((a, i) => (a, i)).ToDictionary(p => (p.a.ObjectId, p.a.Candid), p => p.i);
            var at = rows.Select(r => place[(r.ObjectId, r.Candid)]).ToArray();
            var groups = at.Select(i => (Night: i / AlertsPerNight, Group: i % AlertsPerNight / 350)).Distinct().ToArray();
            Assert.True(groups.Length is >= 5 and <= 16, $"{groups.Length} matched row groups: {string.Join(", ", groups)}");
            Assert.True(groups.GroupBy(g => g.Night).Any(n => n.Count() % 2 == 1), string.Join(", ", groups));
            Assert.Contains(groups, g => g.Group > 0 && !groups.Contains((g.Night, g.Group - 1)) && groups.Any(e => e.Night == g.Night && e.Group < g.Group - 1));
            // Each night's rows in the order of its alerts (nights run side by side, so they may interleave).
            foreach (var night in at.GroupBy(i => i / AlertsPerNight))
                Assert.Equal(night.Order(), night);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
