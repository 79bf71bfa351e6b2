namespace FinkXmatch.Core.SkyIndex;

/// <summary>Binary search in ascending integers (cells of an index row group, ends of cell runs).</summary>
internal static class SortedInts
{
    /// <summary>The first index whose value is at least <paramref name="value"/> (the length when none is).</summary>
    public static int LowerBound(ReadOnlySpan<int> sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
