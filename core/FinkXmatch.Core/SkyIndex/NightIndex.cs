using System.Buffers;
using Parquet;

namespace FinkXmatch.Core.SkyIndex;

/// <summary>
/// An opened night index: its header and each row group's smallest and largest cell (from the footer's statistics),
/// kept in memory so that a query opens the file only to read the row groups that hold the cells it needs.
/// </summary>
public sealed class NightIndex
{
    /// <summary>A row group's cell range and row count.</summary>
    public readonly record struct RowGroup(int MinCell, int MaxCell, int Rows);

    private readonly RowGroup[] _rowGroups;

    internal NightIndex(string path, NightIndexHeader header, RowGroup[] rowGroups, long fileBytes)
    {
        Path = path;
        Header = header;
        _rowGroups = rowGroups;
        FileBytes = fileBytes;
    }

    /// <summary>The index file.</summary>
    public string Path { get; }

    public NightIndexHeader Header { get; }

    /// <summary>The row groups, in file order (by cell).</summary>
    public IReadOnlyList<RowGroup> RowGroups => _rowGroups;

    /// <summary>Size of the index file in bytes.</summary>
    public long FileBytes { get; }

    /// <summary>Appends to <paramref name="into"/> the rows whose cell is in <paramref name="cells"/> (every row when null), in index order; returns the row groups read.</summary>
    /// <exception cref="IOException">The file cannot be read (removed or damaged since it was opened).</exception>
    public async Task<int> ReadAsync(CellRanges? cells, List<IndexedAlert> into, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(into);
        var wanted = new List<int>();
        for (var g = 0; g < _rowGroups.Length; g++)
            if (cells is null || cells.Overlaps(_rowGroups[g].MinCell, _rowGroups[g].MaxCell)) wanted.Add(g);
        if (wanted.Count == 0) return 0;

        var pool = ArrayPool<int>.Shared;
        var cell = pool.Rent(NightIndexFile.RowsPerGroup);
        var file = pool.Rent(NightIndexFile.RowsPerGroup);
        var rowGroup = pool.Rent(NightIndexFile.RowsPerGroup);
        var row = pool.Rent(NightIndexFile.RowsPerGroup);
        var ra = ArrayPool<double>.Shared.Rent(NightIndexFile.RowsPerGroup);
        var dec = ArrayPool<double>.Shared.Rent(NightIndexFile.RowsPerGroup);
        try
        {
            await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: false);
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            // Parquet.Net reads a column by the field of the reader's own schema, in the order NightIndexFile writes them.
            var fields = reader.Schema.DataFields;
            foreach (var g in wanted)
            {
                var rows = _rowGroups[g].Rows;
                if (rows > cell.Length) throw new InvalidDataException($"sky index '{Path}': row group {g} has {rows} rows, more than {NightIndexFile.RowsPerGroup}");
                using var group = reader.OpenRowGroupReader(g);
                await group.ReadAsync(fields[0], cell.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
                // Rows are sorted by cell: the wanted ones are runs; read the other columns only when there is one.
                var (first, last) = cells is null ? (0, rows - 1) : Span(cells, cell.AsSpan(0, rows));
                if (first > last) continue;
                await group.ReadAsync(fields[1], ra.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
                await group.ReadAsync(fields[2], dec.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
                await group.ReadAsync(fields[3], file.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
                await group.ReadAsync(fields[4], rowGroup.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
                await group.ReadAsync(fields[5], row.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
                for (var i = first; i <= last; i++)
                    if (cells is null || cells.Contains(cell[i]))
                        into.Add(new IndexedAlert(cell[i], ra[i], dec[i], file[i], rowGroup[i], row[i]));
            }
            return wanted.Count;
        }
        finally
        {
            pool.Return(cell);
            pool.Return(file);
            pool.Return(rowGroup);
            pool.Return(row);
            ArrayPool<double>.Shared.Return(ra);
            ArrayPool<double>.Shared.Return(dec);
        }
    }

    // The first and last rows whose cell is in the set (first > last when none is).
    private static (int First, int Last) Span(CellRanges cells, ReadOnlySpan<int> cell)
    {
        int first = 0, last = cell.Length - 1;
        while (first <= last && !cells.Contains(cell[first])) first++;
        while (last >= first && !cells.Contains(cell[last])) last--;
        return (first, last);
    }
}
