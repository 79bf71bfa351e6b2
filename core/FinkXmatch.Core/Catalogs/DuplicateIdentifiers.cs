using System.IO.Hashing;
using FinkXmatch.Core.Os;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Finds the first identifier that repeats an earlier one (ordinal, byte for byte). Identifiers in strictly ascending
/// order, as catalogs are often written, repeat none: one pass comparing neighbours settles it. Otherwise a hash of each
/// beside its source index, sorted by hash (<see cref="HighBitsRadixSort"/>), and only equal hashes compared, without a
/// table of strings. Both passes run on every core.
/// </summary>
internal static class DuplicateIdentifiers
{
    /// <summary>
    /// The first source below <paramref name="before"/> whose identifier repeats an earlier source's, or -1;
    /// <paramref name="earlier"/> is the first source that holds it.
    /// </summary>
    public static int First<T>(T ids, int before, out int earlier) where T : IIdentifierBytes
    {
        earlier = -1;
        var n = Math.Min(before, ids.Count);
        if (n < 2 || Ascending(ids, n)) return -1;
        var keys = GC.AllocateUninitializedArray<ulong>(n);
        Slices(n, (from, to) =>
        {
            for (var i = from; i < to; i++)
                keys[i] = ((XxHash3.HashToUInt64(ids.Utf8(i)) >> 32) << 32) | (uint)i;
        });
        var sorted = HighBitsRadixSort.Sort(keys, GC.AllocateUninitializedArray<ulong>(n));
        var later = int.MaxValue;
        for (int a = 0, b; a < n; a = b)
        {
            var hash = sorted[a] >> 32;
            for (b = a + 1; b < n && sorted[b] >> 32 == hash; b++) { }
            // A run of equal hashes, in source order: its first repeat is the smallest candidate it holds.
            for (var k = a + 1; k < b && (int)(uint)sorted[k] < later; k++)
            {
                var source = (int)(uint)sorted[k];
                var first = FirstEqual(ids, sorted[a..k], ids.Utf8(source));
                if (first < 0) continue;
                (later, earlier) = (source, first);
                break;
            }
        }
        return later == int.MaxValue ? -1 : later;
    }

    /// <summary>
    /// The same for integer identifiers held as their values (<see cref="CatalogIdentifiers.Integers"/>): equal values
    /// are equal texts. The values with their sources sorted, each run of equal values gives its two first sources.
    /// </summary>
    public static int FirstOfIntegers(long[] values, out int earlier)
    {
        earlier = -1;
        var n = values.Length;
        var keys = (long[])values.Clone();
        var sources = new int[n];
        for (var i = 0; i < n; i++) sources[i] = i;
        Array.Sort(keys, sources);
        var later = int.MaxValue;
        for (int a = 0, b; a < n; a = b)
        {
            var (first, second) = (sources[a], int.MaxValue);
            for (b = a + 1; b < n && keys[b] == keys[a]; b++)
            {
                var source = sources[b];
                if (source < first) (first, second) = (source, first);
                else if (source < second) second = source;
            }
            if (second < later) (later, earlier) = (second, first);
        }
        return later == int.MaxValue ? -1 : later;
    }

    /// <summary>True when each of the first <paramref name="n"/> identifiers sorts (ordinal) after the one before it.</summary>
    public static bool Ascending<T>(T ids, int n) where T : IIdentifierBytes
    {
        var descending = 0;
        Slices(n, (from, to) =>
        {
            for (var i = Math.Max(from, 1); i < to && Volatile.Read(ref descending) == 0; i++)
                if (ids.Utf8(i).SequenceCompareTo(ids.Utf8(i - 1)) <= 0)
                {
                    Volatile.Write(ref descending, 1);
                    return;
                }
        });
        return descending == 0;
    }

    private static int FirstEqual<T>(T ids, ReadOnlySpan<ulong> keys, ReadOnlySpan<byte> id) where T : IIdentifierBytes
    {
        foreach (var key in keys)
            if (ids.Utf8((int)(uint)key).SequenceEqual(id)) return (int)(uint)key;
        return -1;
    }

    // Runs body over [0, n) cut into one slice per core (one slice when n is small).
    private static void Slices(int n, Action<int, int> body)
    {
        var slices = n < 1 << 16 ? 1 : Environment.ProcessorCount;
        if (slices == 1)
        {
            body(0, n);
            return;
        }
        ForkJoin.Run(slices, s => body((int)((long)n * s / slices), (int)((long)n * (s + 1) / slices)));
    }
}
