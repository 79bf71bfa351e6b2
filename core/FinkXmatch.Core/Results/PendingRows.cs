namespace FinkXmatch.Core.Results;

/// <summary>A run of consecutive rows of one list given to the writer.</summary>
internal readonly record struct RowRange(IReadOnlyList<object?[]> Rows, int Start, int Count)
{
    /// <summary>The value of a cell, without building the row of a <see cref="ResultBatch"/>.</summary>
    public object? Value(int row, int column) =>
        Rows is ResultBatch batch ? batch.Value(Start + row, column) : Rows[Start + row][column];
}

/// <summary>
/// The rows a <see cref="ResultParquetWriter"/> holds until a row group is full: the lists as given (kept by
/// reference, a <see cref="ResultBatch"/> stays column-wise), taken from the front in row-group-sized runs.
/// </summary>
internal sealed class PendingRows
{
    private readonly List<RowRange> _ranges = [];

    public int Count { get; private set; }

    public void Add(IReadOnlyList<object?[]> rows)
    {
        if (rows.Count == 0) return;
        _ranges.Add(new RowRange(rows, 0, rows.Count));
        Count += rows.Count;
    }

    /// <summary>Removes the first <paramref name="count"/> rows and returns them as ranges, in order.</summary>
    public List<RowRange> Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        var taken = new List<RowRange>();
        var whole = 0;
        var left = count;
        while (left > 0 && _ranges[whole].Count <= left)
        {
            taken.Add(_ranges[whole]);
            left -= _ranges[whole++].Count;
        }
        if (left > 0)
        {
            // Part of a range: the rest of it stays at the front.
            var split = _ranges[whole];
            taken.Add(split with { Count = left });
            _ranges[whole] = split with { Start = split.Start + left, Count = split.Count - left };
        }
        _ranges.RemoveRange(0, whole);
        Count -= count;
        return taken;
    }
}
