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

    /// <summary>The cells given (any order, repeats allowed).</summary>
    public static CellRanges Of(IEnumerable<long> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var sorted = cells.Select(c => checked((int)c)).Distinct().Order().ToArray();
        var first = new List<int>();
        var last = new List<int>();
        foreach (var c in sorted)
        {
            if (last.Count > 0 && last[^1] == c - 1) last[^1] = c;
            else
            {
                first.Add(c);
                last.Add(c);
            }
        }
        return new CellRanges([.. first], [.. last]) { CellCount = sorted.Length };
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
    internal int FirstRunEndingAtOrAfter(int cell)
    {
        int lo = 0, hi = _last.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_last[mid] < cell) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Run <paramref name="i"/>: its first and last cell.</summary>
    internal (int First, int Last) Run(int i) => (_first[i], _last[i]);
}
