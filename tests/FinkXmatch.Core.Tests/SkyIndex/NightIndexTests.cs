using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Tests.Xmatch;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.SkyIndex;

/// <summary>
/// A night's sky index holds exactly the night's alerts (count, positions, locations: checked against Apache Parquet
/// C++ reading the datalake files), sorted by cell, with row-group statistics that let a reader skip the cells it does
/// not need; it is kept on disk, reopened without building, and built again when the night's files change.
/// </summary>
public sealed class NightIndexTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"fxm-skyindex-{Guid.NewGuid():N}");

    private string Lake => Path.Combine(_root, "lake");

    private string IndexDir => Path.Combine(_root, "index");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_generated_ztf_night_of_several_files_is_indexed_row_for_row()
    {
        await GenerateZtfAsync(nights: 1, alerts: 9_000);
        var night = DatalakeLayout.Open(Lake).Shards.Single();
        Assert.True(night.Files.Count >= 2);
        var index = await new SkyIndexStore(IndexDir).GetAsync(Survey.Ztf, night);
        await AssertIndexesAsync(index, night, Survey.Ztf);
        Assert.True(index.RowGroups.Count >= 3);
    }

    [Fact]
    public async Task The_real_ztf_sample_night_is_indexed_row_for_row()
    {
        var night = DatalakeLayout.Open(TestData.Path("datalake-sample")).Shards.Single();
        var index = await new SkyIndexStore(IndexDir).GetAsync(Survey.Ztf, night);
        await AssertIndexesAsync(index, night, Survey.Ztf);
    }

    [Fact]
    public async Task The_real_rubin_night_is_indexed_row_for_row()
    {
        RubinLake.LayOut(Lake);
        var night = DatalakeLayout.Open(Lake).Shards.Single();
        var index = await new SkyIndexStore(IndexDir).GetAsync(Survey.Lsst, night);
        await AssertIndexesAsync(index, night, Survey.Lsst);
        Assert.Equal(27, index.Header.Indexed);
    }

    [Fact]
    public async Task A_night_of_another_survey_is_refused_naming_the_file()
    {
        RubinLake.LayOut(Lake);
        var night = DatalakeLayout.Open(Lake).Shards.Single();
        var e = await Assert.ThrowsAsync<DatalakeException>(() => new SkyIndexStore(IndexDir).GetAsync(Survey.Ztf, night));
        Assert.Contains("holds LSST alerts, not ZTF ones", e.Message);
        Assert.Contains(night.Files[0], e.Message);
    }

    [Fact]
    public async Task The_row_group_statistics_bound_each_groups_cells_as_parquet_cpp_reads_them()
    {
        await GenerateZtfAsync(nights: 1, alerts: 9_000);
        var night = DatalakeLayout.Open(Lake).Shards.Single();
        var index = await new SkyIndexStore(IndexDir).GetAsync(Survey.Ztf, night);

        using var file = new ParquetFileReader(index.Path);
        Assert.Equal(index.RowGroups.Count, file.FileMetaData.NumRowGroups);
        for (var g = 0; g < index.RowGroups.Count; g++)
        {
            using var group = file.RowGroup(g);
            var cells = group.Column(0).LogicalReader<int>().ReadAll(checked((int)group.MetaData.NumRows));
            var statistics = (Statistics<int>)group.MetaData.GetColumnChunkMetaData(0).Statistics!;
            Assert.True(statistics.HasMinMax);
            Assert.Equal(cells.Min(), statistics.Min);
            Assert.Equal(cells.Max(), statistics.Max);
            Assert.Equal(cells.Min(), index.RowGroups[g].MinCell);
            Assert.Equal(cells.Max(), index.RowGroups[g].MaxCell);
            Assert.True(cells.Length <= NightIndexFile.RowsPerGroup);
        }
        Assert.Equal(Survey.Ztf.Name, file.FileMetaData.KeyValueMetadata["finkxmatch.skyindex.survey"]);
    }

    [Fact]
    public async Task A_query_for_one_cell_reads_only_the_row_groups_that_can_hold_it()
    {
        await GenerateZtfAsync(nights: 1, alerts: 20_000);
        var night = DatalakeLayout.Open(Lake).Shards.Single();
        var index = await new SkyIndexStore(IndexDir).GetAsync(Survey.Ztf, night);
        var all = new List<IndexedAlert>();
        index.Read(null, all);
        var cell = all[all.Count / 2].Cell;

        var found = new List<IndexedAlert>();
        var read = index.Read(CellRanges.Of([cell]), found);

        Assert.Equal(all.Where(a => a.Cell == cell), found);
        Assert.InRange(read, 1, 2);
        Assert.True(index.RowGroups.Count >= 5);
    }

    [Fact]
    public async Task The_index_is_kept_on_disk_and_built_again_when_a_file_changes()
    {
        await GenerateZtfAsync(nights: 2, alerts: 3_000);
        var nights = DatalakeLayout.Open(Lake).Shards;
        var store = new SkyIndexStore(IndexDir);
        foreach (var night in nights) await store.GetAsync(Survey.Ztf, night);
        Assert.Equal(2, store.NightsBuilt);
        Assert.True(File.Exists(Path.Combine(IndexDir, "ztf", nights[0].Name + ".parquet")));
        foreach (var night in nights) await store.GetAsync(Survey.Ztf, night);
        Assert.Equal(2, store.NightsBuilt);

        // A new process (a new store on the same directory) opens the files instead of building.
        var restarted = new SkyIndexStore(IndexDir);
        foreach (var night in nights) await restarted.GetAsync(Survey.Ztf, night);
        Assert.Equal(0, restarted.NightsBuilt);

        // The first night's file replaced by another generated night under the same name: built again, with its alerts.
        var other = Path.Combine(_root, "other");
        await new DatalakeGenerator(new DatalakeGeneratorOptions(other, nights[0].Night, 1, 500, Seed: 99, CutoutBytes: 0, MaxHistory: 0)).GenerateAsync();
        File.Copy(DatalakeLayout.Open(other).Shards.Single().Files.Single(), nights[0].Files[0], overwrite: true);
        File.SetLastWriteTimeUtc(nights[0].Files[0], DateTime.UtcNow.AddMinutes(1));
        var changed = DatalakeLayout.Open(Lake).Shards[0];
        var rebuilt = await restarted.GetAsync(Survey.Ztf, changed);
        Assert.Equal(1, restarted.NightsBuilt);
        await AssertIndexesAsync(rebuilt, changed, Survey.Ztf);
        Assert.Equal(0, (await new SkyIndexStore(IndexDir).GetAsync(Survey.Ztf, nights[1])).Header.Alerts - 3_000);
    }

    [Fact]
    public async Task An_index_file_written_again_by_another_process_is_read_anew_not_through_the_old_chunk_locations()
    {
        await GenerateZtfAsync(nights: 1, alerts: 3_000);
        var night = DatalakeLayout.Open(Lake).Shards.Single();
        var store = new SkyIndexStore(IndexDir);
        var opened = await store.GetAsync(Survey.Ztf, night);
        var expected = new List<IndexedAlert>();
        opened.Read(null, expected);

        // Another process builds the night again (the same rows, another file on disk).
        File.Delete(opened.Path);
        var other = await new SkyIndexStore(IndexDir).GetAsync(Survey.Ztf, night);
        File.SetLastWriteTimeUtc(other.Path, DateTime.UtcNow.AddMinutes(1));

        Assert.Throws<NightIndexChangedException>(() => opened.Read(null, []));
        var rows = new List<IndexedAlert>();
        var current = await store.ReadAsync(Survey.Ztf, night, null, rows);
        Assert.NotSame(opened, current);
        Assert.Equal(expected, rows);
        Assert.Equal(0, store.NightsBuilt - 1);
    }

    [Fact]
    public async Task A_damaged_index_file_is_built_again()
    {
        await GenerateZtfAsync(nights: 1, alerts: 3_000);
        var night = DatalakeLayout.Open(Lake).Shards.Single();
        var path = (await new SkyIndexStore(IndexDir).GetAsync(Survey.Ztf, night)).Path;
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..200]);

        var store = new SkyIndexStore(IndexDir);
        var index = await store.GetAsync(Survey.Ztf, night);
        Assert.Equal(1, store.NightsBuilt);
        await AssertIndexesAsync(index, night, Survey.Ztf);
    }

    /// <summary>The index rows are the night's alerts with a position, each once, where Parquet C++ finds them, sorted by cell.</summary>
    internal static async Task AssertIndexesAsync(NightIndex index, DatalakeShard night, Survey survey)
    {
        var reference = ReferencePositions.Read(night, survey);
        var rows = new List<IndexedAlert>();
        index.Read(null, rows);

        Assert.Equal(reference.Count, index.Header.Alerts);
        var located = reference.Where(r => double.IsFinite(r.Ra) && r.Dec is >= -90 and <= 90).ToList();
        Assert.Equal(located.Count, index.Header.Indexed);
        Assert.Equal(located.Count, rows.Count);
        Assert.Equal(night.Files.Select(Path.GetFileName), index.Header.FileNames);
        var byPlace = located.ToDictionary(r => (r.File, r.RowGroup, r.Row));
        foreach (var row in rows)
        {
            var expected = byPlace[(row.File, row.RowGroup, row.Row)];
            Assert.Equal(expected.Ra, row.Ra);
            Assert.Equal(expected.Dec, row.Dec);
            Assert.Equal(Healpix.Ang2PixNest(NightIndexFile.Nside, row.Ra, row.Dec), row.Cell);
        }
        Assert.Equal(rows.Count, rows.Select(r => (r.File, r.RowGroup, r.Row)).Distinct().Count());
        // Sorted by cell, and within a cell in the night's order.
        Assert.Equal(rows.OrderBy(r => r.Cell).ThenBy(r => r.File).ThenBy(r => r.RowGroup).ThenBy(r => r.Row), rows);
    }

    private Task GenerateZtfAsync(int nights, int alerts) =>
        new DatalakeGenerator(new DatalakeGeneratorOptions(Lake, new DateOnly(2025, 3, 1), nights, alerts, Seed: 5, CutoutBytes: 0,
            RowGroupSize: 1_000, AlertsPerFile: 4_000, MaxHistory: 0)).GenerateAsync();
}
