using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.SkyIndex;

/// <summary>
/// A set of index cells as sorted, disjoint runs of consecutive cells: a disc or a region at the index's order is a few
/// runs in the NESTED scheme, which is what the reader compares with each row group's smallest and largest cell.
/// </summary>
public sealed class CellRanges
{
    private readonly int[] _first;
    private readonly int[] _last;

    private CellRanges(int[] first, int[] last)
    {
        _first = first;
        _last = last;
    }

    /// <summary>Number of cells.</summary>
    public long CellCount { get; private init; }

    /// <summary>Number of runs.</summary>
    public int RunCount => _first.Length;

    /// <summary>The index cells given (any order, repeats allowed).</summary>
    public static CellRanges Of(IEnumerable<long> cells) => Of(cells, NightIndexFile.Order);

    /// <summary>
    /// The index cells inside the given cells of a coarser <paramref name="order"/> (at most <see cref="NightIndexFile.Order"/>;
    /// any order, repeats allowed): each is one run of consecutive index cells in the NESTED scheme.
    /// </summary>
    public static CellRanges Of(IEnumerable<long> cells, int order)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, NightIndexFile.Order);
        var shift = 2 * (NightIndexFile.Order - order);
        var sorted = cells.Distinct().Order().ToArray();
        var first = new List<int>();
        var last = new List<int>();
        long count = 0;
        foreach (var c in sorted)
        {
            var (from, to) = (checked((int)(c << shift)), checked((int)(((c + 1) << shift) - 1)));
            count += to - from + 1L;
            if (last.Count > 0 && last[^1] == from - 1) last[^1] = to;
            else
            {
                first.Add(from);
                last.Add(to);
            }
        }
        return new CellRanges([.. first], [.. last]) { CellCount = count };
    }

    /// <summary>
    /// Every index cell a disc of <paramref name="radiusArcsec"/> around one of the positions may reach (never one
    /// missed: <see cref="Healpix.QueryDiscIntersectingNest"/>), found at the order whose cells are about the radius
    /// (finer cells, for a large disc, would be millions of them; coarser ones, for a small disc, would be more sky to read).
    /// </summary>
    public static CellRanges OfDiscs(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec)
    {
        if (raDeg.Length != decDeg.Length) throw new ArgumentException("as many declinations as right ascensions are needed", nameof(decDeg));
        var order = DiscOrder(radiusArcsec);
        var cells = new List<long>(raDeg.Length * 4);
        for (var i = 0; i < raDeg.Length; i++)
            Healpix.QueryDiscIntersectingNest(1 << order, raDeg[i], decDeg[i], radiusArcsec / 3600.0, cells);
        return Of(cells, order);
    }

    // One order finer than the coarsest whose cells (58.6° / 2^order across) are no larger than the radius.
    private static int DiscOrder(double radiusArcsec)
    {
        const double OrderZeroCellArcsec = 58.63 * 3600;
        var order = (int)Math.Floor(Math.Log2(OrderZeroCellArcsec / radiusArcsec)) + 1;
        return Math.Clamp(order, 0, NightIndexFile.Order);
    }

    /// <summary>Whether <paramref name="cell"/> is in the set.</summary>
    public bool Contains(int cell)
    {
        var i = Array.BinarySearch(_first, cell);
        if (i >= 0) return true;
        i = ~i - 1;
        return i >= 0 && cell <= _last[i];
    }

    /// <summary>Whether any cell of [<paramref name="min"/>, <paramref name="max"/>] is in the set.</summary>
    public bool Overlaps(int min, int max)
    {
        // The first run that ends at or after min must start at or before max.
        var lo = FirstRunEndingAtOrAfter(min);
        return lo < _first.Length && _first[lo] <= max;
    }

    /// <summary>The first run whose last cell is at least <paramref name="cell"/> (<see cref="RunCount"/> when none is).</summary>
    internal int FirstRunEndingAtOrAfter(int cell) => SortedInts.LowerBound(_last, cell);

    /// <summary>The runs for which <paramref name="keep"/> (first cell, last cell) is true.</summary>
    internal CellRanges Keep(Func<int, int, bool> keep)
    {
        var (first, last) = (new List<int>(), new List<int>());
        long count = 0;
        for (var i = 0; i < _first.Length; i++)
        {
            if (!keep(_first[i], _last[i])) continue;
            first.Add(_first[i]);
            last.Add(_last[i]);
            count += _last[i] - _first[i] + 1L;
        }
        return new CellRanges([.. first], [.. last]) { CellCount = count };
    }

    /// <summary>Run <paramref name="i"/>: its first and last cell.</summary>
    internal (int First, int Last) Run(int i) => (_first[i], _last[i]);
}
