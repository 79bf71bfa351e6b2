using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Synthetic;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// A full scan pairs a file's last matched row group, left without a twin in its file, with the next matched row group of
/// the night's later files (the two files' pages decompressed together): with several files per night, some with an odd
/// count of matched row groups, the rows must still be the brute-force reference's, in file, row-group and row order.
/// </summary>
public sealed class PairedAcrossFilesXmatchTests : IAsyncLifetime
{
    private const int AlertsPerNight = 3000;
    private const int AlertsPerFile = 1000;
    private const int RowGroupSize = 350;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fxm-paired-files-" + Guid.NewGuid().ToString("N"));
    private readonly Core.Catalogs.SourceCatalog _catalog = ReferenceCatalogs.Merged();
    private BruteForceXmatch _reference = null!;

    public async Task InitializeAsync()
    {
        // 3 files per night of 3 row groups each (350, 350, 300 rows); about one planted counterpart per 200 sources.
        _reference = await PlantedDatalake.GenerateSparseAsync(new DatalakeGeneratorOptions(_root, new DateOnly(2025, 12, 30), Nights: 2,
            AlertsPerNight: AlertsPerNight, Seed: 23, CutoutBytes: 0, RowGroupSize: RowGroupSize, AlertsPerFile: AlertsPerFile, MaxHistory: 1), _catalog, 0.005);
    }

    [Theory]
    [InlineData(MatchMode.Nearest)]
    [InlineData(MatchMode.All)]
    public async Task Rows_of_row_groups_paired_across_files_equal_brute_force_in_scan_order(MatchMode mode)
    {
        var path = _root + "-" + mode + ".parquet";
        try
        {
            await EngineRun.ToFileAsync(_root, _catalog, EngineRun.Options(2, mode), path);
            var (_, rows) = ResultRows.Read(path, _catalog.IdColumn);
            ResultAssert.EqualsReference(_reference, 2, mode, rows);

            // A file with an odd count of matched row groups followed, in its night, by a file with a matched one: its
            // last matched row group is read with that file's.
            var place = _reference.Alerts.Select((a, i) => (a, i)).ToDictionary(p => (p.a.ObjectId, p.a.Candid), p => p.i);
            var at = rows.Select(r => place[(r.ObjectId, r.Candid)]).ToArray();
            var groups = at.Select(i => (Night: i / AlertsPerNight, File: i % AlertsPerNight / AlertsPerFile, Group: i % AlertsPerFile / RowGroupSize))
                .Distinct().ToArray();
            Assert.Contains(groups, g => groups.Count(h => h.Night == g.Night && h.File == g.File) % 2 == 1
                && groups.Any(h => h.Night == g.Night && h.File > g.File));
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
