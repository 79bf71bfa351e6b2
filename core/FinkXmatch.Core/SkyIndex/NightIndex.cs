using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FinkXmatch.Core.ParquetFormat;
using Microsoft.Win32.SafeHandles;

namespace FinkXmatch.Core.SkyIndex;

/// <summary>
/// An opened night index: its header, each row group's smallest and largest cell (from the footer's statistics) and
/// where each column chunk lies, kept in memory so that a query only opens the file and reads the chunks of the row
/// groups that hold the cells it needs, straight from the file (<see cref="FlatChunkReader"/>): no Parquet reader is set
/// up per query. Opening Parquet.Net's reader for each night of each query was most of a cone search's time (measured
/// 1.3 ms per night, a 100-night cone well over the 50 ms target). The decoded cells stay in memory with a directory of
/// them (<see cref="NightCellDirectory"/>, <see cref="CellDirectoryCache"/>), so a query finds its rows without the
/// file, which it opens only to decode the other columns of the row groups that hold them.
/// </summary>
public sealed class NightIndex
{
    /// <summary>A row group's cell range and row count.</summary>
    public readonly record struct RowGroup(int MinCell, int MaxCell, int Rows);

    private const int Columns = 6;
    private const int CellColumn = 0, RaColumn = 1, DecColumn = 2, FileColumn = 3, RowGroupColumn = 4, RowColumn = 5;

    // One chunk reader per thread; every use below is synchronous (a chunk is loaded and consumed without an await).
    [ThreadStatic] private static FlatChunkReader? t_reader;

    private readonly RowGroup[] _rowGroups;
    private readonly ColumnChunkInfo[] _chunks;   // [rowGroup * Columns + column]
    private readonly int[] _groupStart;           // [rowGroup]: its first row, night-wide; last entry: the row count

    internal NightIndex(string path, NightIndexHeader header, RowGroup[] rowGroups, ColumnChunkInfo[] chunks, long fileBytes, DateTime writtenUtc)
    {
        Path = path;
        Header = header;
        _rowGroups = rowGroups;
        _chunks = chunks;
        _groupStart = new int[rowGroups.Length + 1];
        for (var g = 0; g < rowGroups.Length; g++)
        {
            if (rowGroups[g].Rows is < 0 or > NightIndexFile.RowsPerGroup)
                throw new InvalidDataException($"sky index '{path}': row group {g} has {rowGroups[g].Rows} rows, not 0 to {NightIndexFile.RowsPerGroup}");
            _groupStart[g + 1] = checked(_groupStart[g] + rowGroups[g].Rows);
        }
        FileBytes = fileBytes;
        WrittenUtc = writtenUtc;
    }

    /// <summary>The index file.</summary>
    public string Path { get; }

    public NightIndexHeader Header { get; }

    /// <summary>The row groups, in file order (by cell).</summary>
    public IReadOnlyList<RowGroup> RowGroups => _rowGroups;

    /// <summary>Size of the index file in bytes.</summary>
    public long FileBytes { get; }

    /// <summary>When the index file was written (with its size, what tells that the file on disk is still this one).</summary>
    public DateTime WrittenUtc { get; }

    /// <summary>Whether the file on disk is still the one this was opened from (same size and modification time).</summary>
    public bool IsCurrent()
    {
        var file = new FileInfo(Path);
        return file.Exists && file.Length == FileBytes && file.LastWriteTimeUtc == WrittenUtc;
    }

    /// <summary>
    /// True when the night holds no row in <paramref name="cells"/>, false when it holds some, answered from its cell
    /// directory in memory alone (the file is neither opened nor looked at: the rows come from the night's files as the
    /// header's stamp describes them, whatever became of the index file since); null when the directory is not in memory.
    /// </summary>
    // Run per night of every job: compiled optimized from the first call (see LocalXmatchRunner.AnswerInMemory).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool? HoldsNoneInMemory(CellRanges cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (_rowGroups.Length == 0) return true;
        return CellDirectoryCache.TryGet(Path, FileBytes, WrittenUtc) is { } directory ? !directory.HoldsAny(OccupiedCellUnion.Filter(cells)) : null;
    }

    /// <summary>
    /// Appends to <paramref name="into"/> the rows whose cell is in <paramref name="cells"/> (every row when null), in
    /// index order, and when <paramref name="keep"/> is given only those whose position (RA, Dec) it keeps: the columns
    /// saying where a row lives are then decoded only for row groups where it keeps some. Returns the row groups read.
    /// </summary>
    /// <exception cref="NightIndexChangedException">The file was replaced since it was opened (read it again through the store).</exception>
    /// <exception cref="IOException">The file cannot be read (removed or damaged since it was opened).</exception>
    public int Read(CellRanges? cells, List<IndexedAlert> into, Func<double, double, bool>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (_rowGroups.Length == 0) return 0;
        // The wanted rows, night-wide, from the cell directory in memory: the file is opened only when there are some.
        var spans = new List<(int First, int Last)>();
        SafeFileHandle? handle = null;
        var reader = t_reader ??= new FlatChunkReader();
        try
        {
            NightCellDirectory? directory = null;
            if (cells is null) spans.Add((0, _groupStart[^1] - 1));
            else
            {
                directory = CellDirectoryCache.TryGet(Path, FileBytes, WrittenUtc) ?? LoadDirectory(reader, handle = OpenCurrent());
                // Only the runs where some night read holds an alert (this one's cells are in: its directory was loaded).
                directory.RowSpans(OccupiedCellUnion.Filter(cells), spans);
                if (spans.Count == 0) return 0;
            }
            return ReadRows(reader, handle ??= OpenCurrent(), spans, directory, into, keep);
        }
        finally
        {
            handle?.Dispose();
        }
    }

    // The rows of the spans (night-wide, ascending), a row group at a time: its other columns are decoded only when it
    // holds one, and only the wanted rows' values are taken from each (a small catalog wants a few rows of 4,096).
    private int ReadRows(FlatChunkReader reader, SafeFileHandle handle, List<(int First, int Last)> spans, NightCellDirectory? directory,
        List<IndexedAlert> into, Func<double, double, bool>? keep)
    {
        var picked = new List<int>();
        var groupsRead = 0;
        var s = 0;
        for (var g = 0; g < _rowGroups.Length && s < spans.Count; g++)
        {
            var (start, end) = (_groupStart[g], _groupStart[g + 1]);
            if (spans[s].First >= end) continue;
            groupsRead++;
            // The spans' rows in this group; a span that runs on into the next group is taken up again there.
            picked.Clear();
            for (; s < spans.Count && spans[s].First < end; s++)
            {
                for (var i = Math.Max(spans[s].First, start) - start; i <= Math.Min(spans[s].Last, end - 1) - start; i++) picked.Add(i);
                if (spans[s].Last >= end) break;
            }
            var first = into.Count;
            var cell = directory is null ? Load<int>(reader, handle, g, CellColumn, Parquet.Meta.Type.INT32) : directory.Cells[start..end];
            foreach (var i in picked) into.Add(new IndexedAlert(cell[i], 0, 0, 0, 0, 0));
            // Each column's values at the picked rows, one column loaded at a time (the reader holds one).
            var rows = CollectionsMarshal.AsSpan(into)[first..];
            var ra = Load<double>(reader, handle, g, RaColumn, Parquet.Meta.Type.DOUBLE);
            for (var k = 0; k < rows.Length; k++) rows[k] = rows[k] with { Ra = ra[picked[k]] };
            var dec = Load<double>(reader, handle, g, DecColumn, Parquet.Meta.Type.DOUBLE);
            for (var k = 0; k < rows.Length; k++) rows[k] = rows[k] with { Dec = dec[picked[k]] };
            if (keep is not null)
            {
                var kept = 0;
                for (var k = 0; k < rows.Length; k++)
                    if (keep(rows[k].Ra, rows[k].Dec)) (rows[kept], picked[kept++]) = (rows[k], picked[k]);
                into.RemoveRange(first + kept, rows.Length - kept);
                if (kept == 0) continue;
                rows = rows[..kept];
            }
            var file = Load<int>(reader, handle, g, FileColumn, Parquet.Meta.Type.INT32);
            for (var k = 0; k < rows.Length; k++) rows[k] = rows[k] with { File = file[picked[k]] };
            var rowGroup = Load<int>(reader, handle, g, RowGroupColumn, Parquet.Meta.Type.INT32);
            for (var k = 0; k < rows.Length; k++) rows[k] = rows[k] with { RowGroup = rowGroup[picked[k]] };
            var row = Load<int>(reader, handle, g, RowColumn, Parquet.Meta.Type.INT32);
            for (var k = 0; k < rows.Length; k++) rows[k] = rows[k] with { Row = row[picked[k]] };
        }
        return groupsRead;
    }

    // Every row's cell, decoded from each group's cell chunk, and its directory: kept for the next query.
    private NightCellDirectory LoadDirectory(FlatChunkReader reader, SafeFileHandle handle)
    {
        var cells = new int[_groupStart[^1]];
        for (var g = 0; g < _rowGroups.Length; g++)
            Load<int>(reader, handle, g, CellColumn, Parquet.Meta.Type.INT32).CopyTo(cells.AsSpan(_groupStart[g]));
        var directory = new NightCellDirectory(cells);
        OccupiedCellUnion.Add(cells);
        CellDirectoryCache.Add(Path, FileBytes, WrittenUtc, directory);
        return directory;
    }

    // The file, checked to be the one the chunk locations describe.
    private SafeFileHandle OpenCurrent()
    {
        var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (RandomAccess.GetLength(handle) != FileBytes || File.GetLastWriteTimeUtc(handle) != WrittenUtc)
        {
            handle.Dispose();
            throw new NightIndexChangedException(Path);
        }
        return handle;
    }

    private ReadOnlySpan<T> Load<T>(FlatChunkReader reader, SafeFileHandle handle, int rowGroup, int column, Parquet.Meta.Type type) where T : unmanaged
    {
        var rows = _rowGroups[rowGroup].Rows;
        if (!reader.TryLoad(handle, _chunks[rowGroup * Columns + column], type, 0, rows) || !reader.AllDefined)
            throw new InvalidDataException($"sky index '{Path}': row group {rowGroup}, column {column} is not stored as this version writes it");
        return reader.DenseValues<T>();
    }

    /// <summary>The chunk locations of every row group, from the file's footer read directly, in <see cref="NightIndexFile"/>'s column order.</summary>
    /// <exception cref="InvalidDataException">The footer does not have the index's columns, or a chunk lies elsewhere.</exception>
    internal static ColumnChunkInfo[] ChunksOf(SafeFileHandle handle)
    {
        var footer = ParquetFooter.Read(handle);
        if (footer.Leaves.Count != Columns) throw new InvalidDataException($"{footer.Leaves.Count} columns, not {Columns}");
        var chunks = new ColumnChunkInfo[footer.RowGroupRows.Length * Columns];
        for (var g = 0; g < footer.RowGroupRows.Length; g++)
            for (var c = 0; c < Columns; c++)
                chunks[g * Columns + c] = footer.Chunk(g, c) ?? throw new InvalidDataException($"row group {g}, column {c} lies in another file");
        return chunks;
    }
}
