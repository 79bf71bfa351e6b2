using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Tests.Xmatch;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.SkyIndex;

/// <summary>
/// The in-memory cell directory of a night index: each coarse cell's first row equal to a walk of the index file's
/// <c>cell</c> column as Apache Parquet C++ reads it; the rows it finds for any set of cells equal to a brute-force filter
/// of every row (and whether there are any, from memory alone), on a generated night of several row groups and on the real ZTF and Rubin samples; and the process-wide
/// union of occupied cells never drops a run where a night read holds an alert.
/// </summary>
public sealed class NightCellDirectoryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"fxm-celldirectory-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    public static TheoryData<string> Nights => ["generated", "ztf-sample", "rubin-sample"];

    [Theory]
    [MemberData(nameof(Nights))]
    public async Task Each_coarse_cells_first_row_is_where_a_walk_of_the_index_file_finds_it(string night)
    {
        var index = await IndexAsync(night);
        var cells = ReadCellColumn(index.Path);
        var directory = new NightCellDirectory(cells);

        var shift = 2 * (NightIndexFile.Order - directory.Order);
        Assert.InRange(12L << (2 * directory.Order), 12, Math.Max(12, cells.Length / 2));
        var row = 0;
        for (var coarse = 0; coarse <= 12 << (2 * directory.Order); coarse++)
        {
            while (row < cells.Length && cells[row] >> shift < coarse) row++;
            Assert.Equal(row, directory.FirstRow(coarse));
        }
        Assert.Equal(cells, directory.Cells.ToArray());
    }

    [Theory]
    [MemberData(nameof(Nights))]
    public async Task The_rows_read_for_any_cells_are_the_rows_whose_cell_is_among_them(string night)
    {
        var (index, all) = await IndexAndRowsAsync(night);
        Assert.NotEmpty(all);
        var random = new Random(night.Length);
        foreach (var cells in Queries(all, random))
        {
            var found = new List<IndexedAlert>();
            var groups = index.Read(cells, found);
            var expected = all.Where(a => cells.Contains(a.Cell)).ToList();
            Assert.Equal(expected, found);
            Assert.Equal(expected.Count == 0, groups == 0);
            // The directory in memory now (the read loaded it) answers the same without the file.
            Assert.Equal(expected.Count == 0, index.HoldsNoneInMemory(cells));
            // Only the rows a position test keeps (their locations decoded only where it keeps some).
            var kept = new List<IndexedAlert>();
            index.Read(cells, kept, (ra, dec) => (ra + dec) % 2 < 1);
            Assert.Equal(expected.Where(a => (a.Ra + a.Dec) % 2 < 1), kept);
        }
    }

    [Fact]
    public async Task A_run_wider_than_a_row_group_reads_every_row_of_every_group_it_covers()
    {
        var (index, all) = await IndexAndRowsAsync("generated");
        Assert.True(index.RowGroups.Count >= 3);
        // The cells of order 3 from the one holding the first group's last cell to the one holding the last group's first:
        // one run over every group, the first and last of them in part.
        const int Coarse = 3, Shift = 2 * (NightIndexFile.Order - Coarse);
        var (first, last) = (index.RowGroups[0].MaxCell >> Shift, index.RowGroups[^1].MinCell >> Shift);
        var cells = CellRanges.Of([.. Enumerable.Range(first, last - first + 1).Select(c => (long)c)], Coarse);
        Assert.Equal(1, cells.RunCount);
        var found = new List<IndexedAlert>();
        Assert.Equal(index.RowGroups.Count, index.Read(cells, found));
        Assert.Equal(all.Where(a => cells.Contains(a.Cell)), found);
        Assert.True(found.Count > NightIndexFile.RowsPerGroup);
    }

    [Theory]
    [MemberData(nameof(Nights))]
    public async Task The_union_of_occupied_cells_keeps_every_run_holding_an_alert_of_a_night_read(string night)
    {
        var (index, all) = await IndexAndRowsAsync(night);
        var random = new Random(3);
        foreach (var cells in Queries(all, random))
        {
            index.Read(cells, []);
            var kept = OccupiedCellUnion.Filter(cells);
            Assert.All(all.Where(a => cells.Contains(a.Cell)), a => Assert.True(kept.Contains(a.Cell), $"cell {a.Cell} dropped"));
            Assert.True(kept.CellCount <= cells.CellCount);
        }
        // Cells whose coarse cell holds no alert of this night: the other tests' nights (the union is the process's) fill
        // far too little of the sky to hold all 50 of them.
        var occupied = all.Select(a => a.Cell >> 2).ToHashSet();
        var empty = Enumerable.Range(0, 1000).Select(_ => random.Next(12 << (2 * NightIndexFile.Order))).Where(c => !occupied.Contains(c >> 2)).Take(50).ToArray();
        Assert.True(OccupiedCellUnion.Filter(CellRanges.Of([.. empty.Select(c => (long)c)])).RunCount < empty.Length);
    }

    [Fact]
    public void Cells_out_of_order_are_refused()
    {
        Assert.Throws<InvalidDataException>(() => new NightCellDirectory([5, 3]));
        Assert.Throws<InvalidDataException>(() => new NightCellDirectory([-1]));
        Assert.Throws<InvalidDataException>(() => new NightCellDirectory([12 << (2 * NightIndexFile.Order)]));
    }

    [Fact]
    public void An_empty_night_finds_nothing()
    {
        var directory = new NightCellDirectory([]);
        var spans = new List<(int, int)>();
        directory.RowSpans(CellRanges.Of([0L, 100L, 805_306_367L]), spans);
        Assert.Empty(spans);
    }

    // Sets of cells: single alert cells, runs of whole coarser cells (which cross coarse-cell and row-group edges),
    // cells next to alerts, random cells, and all of them at once.
    private static IEnumerable<CellRanges> Queries(List<IndexedAlert> all, Random random)
    {
        IndexedAlert Any() => all[random.Next(all.Count)];
        yield return CellRanges.Of([Any().Cell]);
        yield return CellRanges.Of([.. Enumerable.Range(0, 40).Select(_ => (long)Any().Cell)]);
        yield return CellRanges.Of([.. Enumerable.Range(0, 20).Select(_ => (long)Any().Cell + 1)]);
        yield return CellRanges.Of([.. Enumerable.Range(0, 10).Select(_ => (long)(Any().Cell >> 8))], NightIndexFile.Order - 4);
        yield return CellRanges.Of([.. Enumerable.Range(0, 3).Select(_ => (long)(Any().Cell >> 16))], NightIndexFile.Order - 8);
        yield return CellRanges.Of([.. Enumerable.Range(0, 500).Select(_ => (long)random.Next(12 << (2 * NightIndexFile.Order)))]);
        yield return CellRanges.Of([0L, 1L], 0);
        // More runs than the directory walks at once, a third of them holding rows.
        yield return CellRanges.Of([.. Enumerable.Range(0, 300).Select(k => k % 3 == 0 ? Any().Cell : (long)random.Next(12 << (2 * NightIndexFile.Order)))]);
    }

    // The night's index and all its rows.
    private async Task<(NightIndex Index, List<IndexedAlert> All)> IndexAndRowsAsync(string night)
    {
        var index = await IndexAsync(night);
        var all = new List<IndexedAlert>();
        index.Read(null, all);
        return (index, all);
    }

    private async Task<NightIndex> IndexAsync(string night)
    {
        var lake = Path.Combine(_root, "lake");
        var survey = Survey.Ztf;
        switch (night)
        {
            case "generated":
                await new DatalakeGenerator(new DatalakeGeneratorOptions(lake, new DateOnly(2025, 3, 1), 1, 12_000, Seed: 9, CutoutBytes: 0,
                    RowGroupSize: 1_000, AlertsPerFile: 5_000, MaxHistory: 0)).GenerateAsync();
                break;
            case "ztf-sample":
                lake = TestData.Path("datalake-sample");
                break;
            default:
                RubinLake.LayOut(lake);
                survey = Survey.Lsst;
                break;
        }
        return await new SkyIndexStore(Path.Combine(_root, "index")).GetAsync(survey, DatalakeLayout.Open(lake).Shards.Single());
    }

    // The index file's cell column, every row group in order, as Apache Parquet C++ reads it.
    private static int[] ReadCellColumn(string path)
    {
        using var file = new ParquetFileReader(path);
        var cells = new List<int>();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            using var reader = group.Column(0).LogicalReader<int>();
            cells.AddRange(reader.ReadAll(checked((int)group.MetaData.NumRows)));
        }
        return [.. cells];
    }
}
