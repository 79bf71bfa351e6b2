using System.Runtime.CompilerServices;

namespace FinkXmatch.Core.SkyIndex;

/// <summary>
/// Every cell at <see cref="Order"/> (12, cells of about 52″) where some night index this process has read holds an
/// alert: one bit per cell for the whole sky (24 MiB, allocated with the first night's cells), shared by all nights and
/// only ever set, so it is a superset of each night's cells whatever was read since. A small catalog's runs of cells
/// are first looked up here: the bits it touches (a few thousand cache lines) stay in the processor's cache, where each
/// night's own <see cref="NightCellDirectory"/> costs cache misses per run and night; most runs of a catalog anywhere on
/// the sky hold no alert of any night (100 nights of 100,000 alerts occupy ~5 % of these cells) and go no further. The
/// runs that remain are kept with the catalog's cells until a night adds cells (<see cref="Filter"/>), so each night
/// walks only them. The more alerts the process has read, the less it filters (a billion alerts fill most of it); it
/// then costs one pass over the runs per catalog and the nights their directory lookups, as before it.
/// </summary>
internal static class OccupiedCellUnion
{
    /// <summary>HEALPix order (NESTED) of the bits: one coarser than the index's.</summary>
    public const int Order = NightIndexFile.Order - 1;

    private const int Shift = 2 * (NightIndexFile.Order - Order);

    // One immutable entry per catalog's cells, replaced whole (a reference write), so a reader never sees a version with another version's runs.
    private sealed record KeptRuns(long Version, CellRanges Kept);

    private static readonly ConditionalWeakTable<CellRanges, StrongBox<KeptRuns?>> Filtered = new();
    private static long s_version;   // grows whenever a bit is set
    private static readonly Lazy<ulong[]> Bits = new(() => new ulong[(12L << (2 * Order)) / 64], LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Marks the cells (at the index's order, ascending) as occupied.</summary>
    public static void Add(ReadOnlySpan<int> sortedCells)
    {
        var bits = Bits.Value;
        var previous = -1;
        var added = false;
        foreach (var cell in sortedCells)
        {
            var coarse = cell >> Shift;
            if (coarse == previous) continue;
            previous = coarse;
            var mask = 1UL << (coarse & 63);
            if ((Volatile.Read(ref bits[coarse >> 6]) & mask) != 0) continue;
            Interlocked.Or(ref bits[coarse >> 6], mask);
            added = true;
        }
        if (added) Interlocked.Increment(ref s_version);
    }

    /// <summary>
    /// The runs of <paramref name="wanted"/> where a night read may hold an alert (all of them before any night is read),
    /// computed again only when a night has added cells since. Every night whose cells were added before the call
    /// finds all its rows of <paramref name="wanted"/> in them.
    /// </summary>
    // Run per night of every job: compiled optimized from the first call (see LocalXmatchRunner.AnswerInMemory).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CellRanges Filter(CellRanges wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        if (!Bits.IsValueCreated) return wanted;
        var box = Filtered.GetValue(wanted, static _ => new StrongBox<KeptRuns?>());
        // The version before the filter: a night that adds cells meanwhile makes the next call compute it again.
        var version = Interlocked.Read(ref s_version);
        if (Volatile.Read(ref box.Value) is { } known && known.Version == version) return known.Kept;
        var kept = wanted.Keep(MayHold);
        Volatile.Write(ref box.Value, new KeptRuns(version, kept));
        return kept;
    }

    /// <summary>
    /// False when no night read holds an alert in the index cells <paramref name="first"/> to <paramref name="last"/>;
    /// true when one may (and for a run wider than a few words of bits, which is not looked at).
    /// </summary>
    public static bool MayHold(int first, int last)
    {
        var (from, to) = (first >> Shift, last >> Shift);
        if (to - from >= 256 || !Bits.IsValueCreated) return true;
        var bits = Bits.Value;
        for (var c = from; c <= to; c++)
            if ((Volatile.Read(ref bits[c >> 6]) & (1UL << (c & 63))) != 0) return true;
        return false;
    }
}
