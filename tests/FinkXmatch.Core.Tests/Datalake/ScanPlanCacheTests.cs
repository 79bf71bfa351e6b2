using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Raw;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Tests.Xmatch;
using FinkXmatch.Core.Xmatch;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.Datalake;

/// <summary>
/// Scan plans kept per file (<see cref="ScanPlanCache"/>): a file opened through a kept plan reads what Apache Parquet
/// C++ (ParquetSharp) reads and what a fresh open reads, and a file whose size or last write time changed is planned again;
/// kept on disk too (<see cref="ScanPlanStore"/>), a plan opens its file in a new process without the footer.
/// </summary>
public sealed class ScanPlanCacheTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fxm-plans-" + Guid.NewGuid().ToString("N"));
    private readonly string[] _generated;

    public ScanPlanCacheTests()
    {
        // Two LSST nights of several row groups each, and the real Rubin sample.
        var lake = Path.Combine(_root, "lake");
        new DatalakeGenerator(new DatalakeGeneratorOptions(lake, new DateOnly(2026, 1, 1), 2, 2_500, CutoutBytes: 0, RowGroupSize: 1_000,
            MaxHistory: 2, SurveyChoice: Survey.Lsst)).GenerateAsync().GetAwaiter().GetResult();
        _generated = DatalakeLayout.Open(lake).Shards.SelectMany(s => s.Files).ToArray();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string[] Files => [.. _generated, TestData.Path("lsst/rubin_test_data_10_0.parquet")];

    [Fact]
    public async Task A_file_opened_through_a_kept_plan_reads_as_parquet_cpp_and_as_a_fresh_open()
    {
        var plans = new ScanPlanCache(1 << 10);
        foreach (var path in Files)
        {
            var expected = Reference(path);
            await using (var first = await AlertFile.OpenAsync(path, plans)) Same(expected, await ReadAsync(first));
            Assert.Contains(path, Kept(plans, path));
            await using var kept = await AlertFile.OpenAsync(path, plans);
            await using var fresh = await AlertFile.OpenAsync(path, plans: null);
            Same(expected, await ReadAsync(kept));
            Same(expected, await ReadAsync(fresh));
            // Late materialization of a column the plan does not hold reads the whole footer: the same values either way.
            var field = (await kept.GetSchemaAsync()).Resolve(["diaSource.psfFlux", "diaSource.band"]);
            for (var g = 0; g < kept.RowGroupCount; g++)
            {
                var rows = Enumerable.Range(0, kept.RowGroupRows[g]).Where(r => r % 3 != 1).ToArray();
                foreach (var f in field) Assert.Equal(Values(fresh.TryReadColumn(g, rows, f)), Values(kept.TryReadColumn(g, rows, f)));
            }
        }
        Assert.Equal(Files.Length, plans.Count);
        Assert.Equal(Files.Sum(f => Reference(f).RowGroups), plans.RowGroups);
    }

    // A column of longs as the direct reader gives it: long[] when no row is null, else long?[].
    private static long?[] Longs(object column) => column switch
    {
        long[] every => [.. every.Select(v => (long?)v)],
        _ => (long?[])column,
    };

    // A column's values as the result rows get them (a text column is held as UTF-8 bytes).
    private static List<object?> Values(object? column)
    {
        Assert.NotNull(column);
        return Enumerable.Range(0, Core.Results.AlertColumns.Count(column)).Select(i => Core.Results.AlertColumns.Value(column, i)).ToList();
    }

    [Fact]
    public async Task A_file_that_changes_size_is_planned_again_and_read_as_it_now_is()
    {
        var plans = new ScanPlanCache(1 << 10);
        var path = Path.Combine(_root, "night.parquet");
        File.Copy(Files[^1], path);   // 27 alerts, one row group
        var stamp = File.GetLastWriteTimeUtc(path);
        await using (var before = await AlertFile.OpenAsync(path, plans)) Same(Reference(Files[^1]), await ReadAsync(before));

        // Another file under the same name and last write time: only the size tells.
        File.Copy(_generated[0], path, overwrite: true);
        File.SetLastWriteTimeUtc(path, stamp);
        Assert.NotEqual(new FileInfo(Files[^1]).Length, new FileInfo(path).Length);
        await using var after = await AlertFile.OpenAsync(path, plans);
        Assert.Equal(3, after.RowGroupCount);
        Same(Reference(_generated[0]), await ReadAsync(after));
        Assert.Equal(1, plans.Count);
        Assert.Equal(3, plans.RowGroups);
    }

    [Fact]
    public void A_file_whose_last_write_time_changes_is_planned_again_and_an_unchanged_one_is_not()
    {
        var plans = new ScanPlanCache(1 << 10);
        var path = Path.Combine(_root, "night.parquet");
        File.Copy(_generated[0], path);
        var reads = 0;
        ScanPlan Plan()
        {
            using var handle = File.OpenHandle(path);
            return plans.Get(path, handle, (h, stamp) =>
            {
                reads++;
                return ScanPlan.Read(h, stamp, footer => Survey.Of(footer)!);
            });
        }

        var first = Plan();
        Assert.Same(first, Plan());
        Assert.Equal(1, reads);
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(-10));
        var second = Plan();
        Assert.NotSame(first, second);
        Assert.Equal(2, reads);
        Assert.Same(second, Plan());
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task Past_its_capacity_the_cache_reads_plans_without_keeping_them()
    {
        var plans = new ScanPlanCache(4);   // row groups: the first generated night's 3 fit, the second's 3 do not
        await using (var a = await AlertFile.OpenAsync(_generated[0], plans)) Same(Reference(_generated[0]), await ReadAsync(a));
        await using (var b = await AlertFile.OpenAsync(_generated[1], plans)) Same(Reference(_generated[1]), await ReadAsync(b));
        Assert.Equal(1, plans.Count);
        Assert.Equal(3, plans.RowGroups);
    }

    [Fact]
    public async Task An_xmatch_through_kept_plans_gives_the_rows_of_the_first_one()
    {
        // The process's cache: the first job reads the plans, the second opens every file through them.
        var lake = Path.Combine(_root, "lake");
        var (ra, dec) = (new List<double>(), new List<double>());
        foreach (var alert in _generated.SelectMany(f => Reference(f).Alerts).Where((_, i) => i % 125 == 0))
        {
            ra.Add(alert.Ra);
            dec.Add(alert.Dec);
        }
        var catalog = new FinkXmatch.Core.Catalogs.SourceCatalog("c.csv", "id", [.. ra], [.. dec], ra.Select((_, i) => $"s{i}").ToArray());
        var options = new XmatchOptions(2, Fields: ["diaSource.psfFlux"], Survey: Survey.Lsst);
        var first = await EngineRun.ToFileAsync(lake, catalog, options, Path.Combine(_root, "first.parquet"));
        Assert.All(_generated, path => Assert.Contains(path, Kept(ScanPlanCache.Shared, path)));
        var second = await EngineRun.ToFileAsync(lake, catalog, options, Path.Combine(_root, "second.parquet"));
        Assert.Equal(ra.Count, first.Summary.Matches);
        Assert.Equal((first.Summary.Alerts, first.Summary.Matches), (second.Summary.Alerts, second.Summary.Matches));
        var rows = ResultRows(Path.Combine(_root, "first.parquet"));
        Assert.Equal(ra.Count, rows.Length);
        Assert.Equal(rows, ResultRows(Path.Combine(_root, "second.parquet")));
    }

    [Fact]
    public async Task A_plan_kept_on_disk_opens_the_file_in_a_new_process_without_its_footer_and_reads_as_parquet_cpp()
    {
        var disk = new ScanPlanStore(Path.Combine(_root, "plans"));
        foreach (var path in Files)
            await using (var first = await AlertFile.OpenAsync(path, new ScanPlanCache(1 << 10), disk: disk)) Same(Reference(path), await ReadAsync(first));
        Assert.Equal(Files.Length, disk.PlansWritten);
        Assert.All(Files, path => Assert.True(File.Exists(disk.FilePath(path))));

        // A new process: an empty memory cache and a new store on the same directory; no footer is read.
        var later = new ScanPlanStore(disk.Directory);
        var memory = new ScanPlanCache(1 << 10);
        foreach (var path in Files)
        {
            Assert.Empty(Read(memory, path, later));
            await using var reopened = await AlertFile.OpenAsync(path, memory, disk: later);
            Same(Reference(path), await ReadAsync(reopened));
        }
        Assert.Equal(Files.Length, later.PlansLoaded);
        Assert.Equal(0, later.PlansWritten);
    }

    [Fact]
    public async Task A_plan_on_disk_for_a_changed_or_moved_file_or_a_damaged_one_is_not_used()
    {
        var disk = new ScanPlanStore(Path.Combine(_root, "plans"));
        var path = Path.Combine(_root, "night.parquet");
        File.Copy(Files[^1], path);   // 27 alerts, one row group
        var stamp = File.GetLastWriteTimeUtc(path);
        await using (var before = await AlertFile.OpenAsync(path, new ScanPlanCache(1 << 10), disk: disk)) Same(Reference(Files[^1]), await ReadAsync(before));

        // Another file under the same name and last write time: only the size tells.
        File.Copy(_generated[0], path, overwrite: true);
        File.SetLastWriteTimeUtc(path, stamp);
        Assert.Equal([path], Read(new ScanPlanCache(1 << 10), path, disk));
        await using (var after = await AlertFile.OpenAsync(path, new ScanPlanCache(1 << 10), disk: disk)) Same(Reference(_generated[0]), await ReadAsync(after));
        Assert.Empty(Read(new ScanPlanCache(1 << 10), path, disk));   // the plan of the file as it now is was written

        // The same bytes and time under another name: that name's own plan, not the other's.
        var moved = Path.Combine(_root, "moved.parquet");
        File.Copy(path, moved);
        File.SetLastWriteTimeUtc(moved, File.GetLastWriteTimeUtc(path));
        Assert.Equal([moved], Read(new ScanPlanCache(1 << 10), moved, disk));

        // One byte of the kept plan changed: read as no plan, the footer read again.
        var kept = disk.FilePath(path);
        var bytes = File.ReadAllBytes(kept);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(kept, bytes);
        Assert.Equal([path], Read(new ScanPlanCache(1 << 10), path, disk));
        await using var damaged = await AlertFile.OpenAsync(path, new ScanPlanCache(1 << 10), disk: disk);
        Same(Reference(_generated[0]), await ReadAsync(damaged));
    }

    [Fact]
    public async Task A_plan_directory_that_cannot_be_written_keeps_nothing_and_every_file_still_reads()
    {
        var blocked = Path.Combine(_root, "a-file");
        File.WriteAllText(blocked, "not a directory");
        var disk = new ScanPlanStore(Path.Combine(blocked, "plans"));
        foreach (var path in Files)
            await using (var file = await AlertFile.OpenAsync(path, new ScanPlanCache(1 << 10), disk: disk)) Same(Reference(path), await ReadAsync(file));
        Assert.Equal(0, disk.PlansWritten);
        Assert.Equal(0, disk.PlansLoaded);
    }

    // The files whose plan had to be read from their footer (neither in memory nor on disk): [] or [path].
    private static string[] Read(ScanPlanCache plans, string path, ScanPlanStore disk)
    {
        using var handle = File.OpenHandle(path);
        var read = false;
        plans.Get(path, handle, (h, stamp) =>
        {
            read = true;
            return ScanPlan.Read(h, stamp, footer => Survey.Of(footer)!);
        }, disk);
        return read ? [path] : [];
    }

    // The result rows as Apache Parquet C++ reads them, in a fixed order (nights are scanned in parallel).
    private static (long, long?, float?, string?)[] ResultRows(string path)
    {
        using var file = new ParquetFileReader(path);
        var rows = new List<(long, long?, float?, string?)>();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var n = checked((int)group.MetaData.NumRows);
            var objectId = RubinLake.Read<long?>(group, 0, n);
            var sourceId = RubinLake.Read<long?>(group, 1, n);
            var flux = RubinLake.Read<float?>(group, 2, n);
            var id = RubinLake.Read<string?>(group, 5, n);
            rows.AddRange(Enumerable.Range(0, n).Select(r => (sourceId[r]!.Value, objectId[r], flux[r], id[r])));
        }
        return [.. rows.Order()];
    }

    private static IEnumerable<string> Kept(ScanPlanCache plans, string path)
    {
        using var handle = File.OpenHandle(path);
        var read = false;
        plans.Get(path, handle, (h, stamp) =>
        {
            read = true;
            return ScanPlan.Read(h, stamp, footer => Survey.Of(footer)!);
        });
        return read ? [] : [path];
    }

    private sealed record Alert(double Ra, double Dec, long DiaSourceId, long? DiaObjectId);

    // Every alert's position and identifiers as the engine reads them (positions by the scan, identifiers by late
    // materialization of every row), and the file's row groups.
    private static async Task<(Alert[] Alerts, int RowGroups)> ReadAsync(AlertFile file)
    {
        var schema = await file.GetSchemaAsync();
        var ids = schema.Resolve(["diaSourceId", "diaSource.diaObjectId"]);
        var batch = new PositionBatch();
        var alerts = new List<Alert>();
        for (var g = 0; g < file.RowGroupCount; g++)
        {
            await file.ReadPositionsAsync(g, batch);
            var rows = Enumerable.Range(0, batch.Count).ToArray();
            var sourceIds = Longs(file.TryReadColumn(g, rows, ids[0])!);
            var objectIds = Longs(file.TryReadColumn(g, rows, ids[1])!);
            alerts.AddRange(rows.Select(r => new Alert(batch.Ra[r], batch.Dec[r], sourceIds[r]!.Value, objectIds[r])));
        }
        return ([.. alerts], file.RowGroupCount);
    }

    private static void Same((Alert[] Alerts, int RowGroups) expected, (Alert[] Alerts, int RowGroups) actual)
    {
        Assert.Equal(expected.RowGroups, actual.RowGroups);
        Assert.Equal(expected.Alerts, actual.Alerts);
    }

    // The same, read by Apache Parquet C++, and the file's row groups as it counts them.
    private static (Alert[] Alerts, int RowGroups) Reference(string path)
    {
        using var file = new ParquetFileReader(path);
        return (RubinLake.Alerts(path).Select(a => new Alert(a.Ra, a.Dec, a.DiaSourceId, a.DiaObjectId)).ToArray(), file.FileMetaData.NumRowGroups);
    }
}
