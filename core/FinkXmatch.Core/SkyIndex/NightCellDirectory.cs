using System.Runtime.CompilerServices;
namespace FinkXmatch.Core.SkyIndex;

/// <summary>
/// A night index's cells held in memory: every row's cell in index order, and a directory that gives, for each cell of
/// a coarser order, the first row whose cell lies in it or after it. A run of wanted cells is then two reads of the
/// directory and a search among the few rows of its coarse cells, where a search in each row group whose cell range it
/// meets was most of a small catalog's cost per night (1,000 sources at 1.5″ are ~1,300 runs: two binary searches of
/// 12 steps each in the 25 groups of a 100,000-alert night). The directory's order is the finest whose cells number at
/// most half the rows (at most 2 bytes per alert beside the cells' 4).
/// </summary>
internal sealed class NightCellDirectory
{
    private const int CellsAtIndexOrder = 12 << (2 * NightIndexFile.Order);

    private readonly int[] _cells;
    private readonly int[] _firstRow;   // [coarse cell]: first row whose cell is in it or a later one; last entry: the row count
    private readonly int _shift;

    /// <param name="cells">Every row's cell, in index order (ascending).</param>
    /// <exception cref="InvalidDataException">The cells are not ascending, or not cells of the index's order.</exception>
    public NightCellDirectory(int[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        for (var i = 0; i < cells.Length; i++)
            if (cells[i] < 0 || cells[i] >= CellsAtIndexOrder || (i > 0 && cells[i] < cells[i - 1]))
                throw new InvalidDataException($"index row {i}: cell {cells[i]} is not in ascending order at order {NightIndexFile.Order}");
        _cells = cells;
        Order = OrderFor(cells.Length);
        _shift = 2 * (NightIndexFile.Order - Order);
        var coarseCells = 12 << (2 * Order);
        _firstRow = new int[coarseCells + 1];
        var row = 0;
        for (var c = 0; c <= coarseCells; c++)
        {
            while (row < cells.Length && cells[row] >> _shift < c) row++;
            _firstRow[c] = row;
        }
    }

    /// <summary>The directory's HEALPix order (NESTED): each of its cells is a run of index cells.</summary>
    public int Order { get; }

    /// <summary>Every row's cell, in index order.</summary>
    public ReadOnlySpan<int> Cells => _cells;

    /// <summary>Bytes held (the cells and the directory).</summary>
    public long Bytes => 4L * (_cells.Length + _firstRow.Length);

    /// <summary>The first row whose cell lies in coarse cell <paramref name="coarseCell"/> (at <see cref="Order"/>) or after it.</summary>
    public int FirstRow(int coarseCell) => _firstRow[coarseCell];

    /// <summary>Appends the rows (first and last, night-wide, ascending) whose cell is in <paramref name="wanted"/>: one span per run that holds any.</summary>
    public void RowSpans(CellRanges wanted, List<(int First, int Last)> spans)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(spans);
        var into = new SpanList(spans);
        Walk(wanted, ref into);
    }

    /// <summary>Whether some row's cell is in <paramref name="wanted"/> (stops at the first run that holds one).</summary>
    // Run per night of every job: compiled optimized from the first call (see LocalXmatchRunner.AnswerInMemory).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool HoldsAny(CellRanges wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var any = new AnySpan();
        Walk(wanted, ref any);
        return any.Found;
    }

    // Receives the rows [from, to) of each run that holds some; false stops the walk.
    private interface ISpanSink
    {
        bool Add(int from, int to);
    }

    private readonly struct SpanList(List<(int First, int Last)> spans) : ISpanSink
    {
        public bool Add(int from, int to)
        {
            spans.Add((from, to - 1));
            return true;
        }
    }

    private struct AnySpan : ISpanSink
    {
        public bool Found;

        public bool Add(int from, int to)
        {
            Found = true;
            return false;
        }
    }

    // The runs a batch at a time: first each run's bounds in the directory, then the first cell of each, then the walks.
    // Each step's loads are independent of one another, so their cache misses overlap; run after run, each miss waited
    // for the one before (the directories of 100 nights are tens of MB: most of these loads miss the caches).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Walk<TSink>(CellRanges wanted, ref TSink sink) where TSink : struct, ISpanSink
    {
        if (_cells.Length == 0) return;
        const int Batch = 64;
        var coarseCells = _firstRow.Length - 1;
        var cells = _cells.AsSpan();
        Span<int> lo = stackalloc int[Batch], hi = stackalloc int[Batch], firstCell = stackalloc int[Batch];
        for (var start = 0; start < wanted.RunCount; start += Batch)
        {
            var n = Math.Min(Batch, wanted.RunCount - start);
            for (var k = 0; k < n; k++)
            {
                var (first, last) = wanted.Run(start + k);
                lo[k] = _firstRow[Math.Min(first >> _shift, coarseCells)];
                hi[k] = _firstRow[Math.Min((last >> _shift) + 1, coarseCells)];
            }
            for (var k = 0; k < n; k++) firstCell[k] = cells[Math.Min(lo[k], cells.Length - 1)];
            for (var k = 0; k < n; k++)
            {
                var (first, last) = wanted.Run(start + k);
                // No row of the run's coarse cells, or the first of them already past the run.
                if (lo[k] >= hi[k] || firstCell[k] > last) continue;
                var (from, to) = RowsWithin(cells, lo[k], hi[k], first, last);
                if (from < to && !sink.Add(from, to)) return;
            }
        }
    }

    // The rows [from, to) among rows lo to hi (those of the run's coarse cells) whose cell is in first..last.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int From, int To) RowsWithin(ReadOnlySpan<int> cells, int lo, int hi, int first, int last)
    {
        // A coarse cell holds a few rows: walked, not searched (its steps predictable, where a binary search's are not), unless the run is wide.
        int from, to;
        if (hi - lo <= 16)
        {
            for (from = lo; from < hi && cells[from] < first; from++) { }
            for (to = from; to < hi && cells[to] <= last; to++) { }
        }
        else
        {
            from = lo + SortedInts.LowerBound(cells[lo..hi], first);
            // Every cell is below CellsAtIndexOrder, so the bound after a run's last cell never overflows.
            to = lo + SortedInts.LowerBound(cells[lo..hi], Math.Min(last, CellsAtIndexOrder - 1) + 1);
        }
        return (from, to);
    }

    // The finest order whose 12 * 4^order cells are at most half the rows (order 0 for a night of few alerts).
    private static int OrderFor(int rows)
    {
        var order = 0;
        while (order < NightIndexFile.Order && (12L << (2 * (order + 1))) <= rows / 2) order++;
        return order;
    }
}
