using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// The mask's fine layer, for small catalogs at small radii: the same cells marked on a grid about four margins wide
/// (75 k sources at 1.5": 512 cells per degree, 7" across), their bits hashed into a table that stays in the caches
/// (256-512 KiB). The coarse mask keeps ~2.5 % of a night's alerts for 75 k sources at 1.5", and each kept alert cost an
/// <c>ang2pix</c> (trigonometry) and the index's lookups (~80 ns) to find no source in most cases; the fine layer drops
/// most of them with one load. Conservative as the coarse mask is (the same marking, and a hash collision only keeps an
/// alert for the exact path); a row where a disc spans many cells (near the poles) is kept whole. A cell sets two bits of
/// one table word (a blocked Bloom filter): still one load per test, and a cell not marked passes about as often as the
/// square of the share of bits set instead of the share.
/// </summary>
internal sealed partial class SkyCellMask
{
    private const int MaxFineLog2 = 12;
    private const int MinFineTableLog2 = 12;
    private const int MaxFineTableLog2 = 22;            // 512 KiB
    private const int MaxFineColumnsPerRow = 64;        // beyond: the row is kept whole

    // Published whole once marked, so that a reader on another thread sees no layer or all of it
    // (CatalogIndexUnderway: nights are read through the mask while the index, and this layer, are built).
    private FineLayer? _fine;

    internal sealed class FineLayer(int log2, int tableLog2)
    {
        public readonly ulong[] Bits = new ulong[(1 << tableLog2) / 64];       // hashed cell bits, two per cell
        public readonly ulong[] Rows = new ulong[((180 << log2) + 63) / 64];    // bit per row: every cell of the row kept
        public readonly double Scale = 1 << log2;
        public readonly int Width = 360 << log2;
        public readonly int Height = 180 << log2;
        private readonly int _wordShift = 64 - (tableLog2 - 6);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Row(double decDeg) => Math.Min(Height - 1, (int)((decDeg + 90) * Scale));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Column(double raDeg) => ColumnOf(raDeg, Scale, Width);

        // Fibonacci hashing of the cell's index: its top bits choose the word, the next two groups of six its two bits.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private ulong Hash(int row, int column) => (ulong)((long)row * Width + column) * 0x9E3779B97F4A7C15UL;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Word(ulong hash) => (int)(hash >> _wordShift);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private ulong CellBits(ulong hash) => (1UL << (int)(hash >> (_wordShift - 6))) | (1UL << (int)(hash >> (_wordShift - 12)));

        /// <summary>Fetches the table word of the cell (row, column) into the caches (<see cref="KeepFine"/>, a few alerts ahead).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public unsafe void Prefetch(int row, int column)
        {
            if (!Sse.IsSupported) return;
            // Not pinned: a prefetch never faults, and one at an address the GC has just moved only misses.
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Bits), Word(Hash(row, column)))));
        }

        /// <summary>True when the cell (row, column) may be marked: both its bits set, or its whole row.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MayHold(int row, int column)
        {
            if ((Rows[row >> 6] & (1UL << row)) != 0) return true;
            var hash = Hash(row, column);
            var bits = CellBits(hash);
            return (Bits[Word(hash)] & bits) == bits;
        }

        public long MemoryBytes => (Bits.LongLength + Rows.LongLength) * sizeof(ulong);

        // atomic: marked from several threads at once (a bit set with an atomic OR only when it is not set yet).
        public void SetColumns(int row, int first, int last, bool atomic)
        {
            for (var column = first; column <= last; column++)
            {
                var hash = Hash(row, column);
                SetBits(ref Bits[Word(hash)], CellBits(hash), atomic);
            }
        }

        public void SetRow(int row, bool atomic) => SetBits(ref Rows[row >> 6], 1UL << row, atomic);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void SetBits(ref ulong word, ulong bits, bool atomic)
        {
            if (!atomic) word |= bits;
            else if ((word & bits) != bits) Interlocked.Or(ref word, bits);
        }
    }

    /// <summary>True when the fine layer is there (<see cref="KeepFine"/> then drops alerts).</summary>
    internal bool HasFineLayer => Volatile.Read(ref _fine) is not null;

    /// <summary>Cells per degree of the fine layer (0 when there is none).</summary>
    internal double FineCellsPerDegree => Volatile.Read(ref _fine)?.Scale ?? 0;

    /// <summary>
    /// Marks the fine layer for these sources (the ones this mask was built from), when the radius allows a grid at least
    /// four times finer than this one and the table holds at least 8 bits per cell marked; else leaves none.
    /// </summary>
    internal void AddFineLayer(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec)
    {
        if (Volatile.Read(ref _fine) is not null) return;
        var margin = Margin(radiusArcsec);
        var fineLog2 = Math.Min(MaxFineLog2, (int)Math.Floor(Math.Log2(0.25 / margin)));
        if ((1 << Math.Max(0, fineLog2)) < 4 * _scale) return;
        var cellsPerSource = Math.Pow(2 * margin * (1 << fineLog2) + 1, 2);
        var tableLog2 = Math.Max(MinFineTableLog2, (int)Math.Ceiling(Math.Log2(Math.Max(1, 8 * raDeg.Length * cellsPerSource))));
        if (tableLog2 > MaxFineTableLog2) return;
        var fine = new FineLayer(fineLog2, tableLog2);
        var widths = RowHalfWidths(margin);
        for (var i = 0; i < raDeg.Length; i++) MarkFine(fine, raDeg[i], decDeg[i], margin, widths, atomic: false);
        Volatile.Write(ref _fine, fine);
    }

    // As Mark, on the fine grid; the RA half-width is the coarse row's (an upper bound for any source in that row).
    private void MarkFine(FineLayer fine, double raDeg, double decDeg, double margin, double[] rowHalfWidths, bool atomic)
    {
        if (!double.IsFinite(raDeg) || !(decDeg >= -90 && decDeg <= 90)) return;    // such sources never match
        var low = decDeg - margin;
        var high = decDeg + margin;
        var firstRow = fine.Row(Math.Max(low, -90));
        var lastRow = fine.Row(Math.Min(high, 90));
        var ra = WrappedRa(raDeg);
        var halfWidth = low <= -90 || high >= 90 ? 180.0 : rowHalfWidths[Row(decDeg)];
        for (var row = firstRow; row <= lastRow; row++)
        {
            if (halfWidth >= 180 || 2 * halfWidth * fine.Scale > MaxFineColumnsPerRow)
            {
                fine.SetRow(row, atomic);
                continue;
            }
            var ranges = ColumnRanges(ra, halfWidth, fine.Scale, fine.Width, out var first, out var last, out var wrappedLast);
            fine.SetColumns(row, first, last, atomic);
            if (ranges == 2) fine.SetColumns(row, 0, wrappedLast, atomic);
        }
    }

    /// <summary>
    /// False when no source can be within the radius of (raDeg, decDeg) by the fine layer; true otherwise, for every
    /// position off the grid, and always when there is no fine layer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool MayMatchFine(double raDeg, double decDeg) => MayMatchFine(Volatile.Read(ref _fine), raDeg, decDeg);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool MayMatchFine(FineLayer? fine, double raDeg, double decDeg)
    {
        if (fine is null || !(raDeg >= 0 && raDeg < 360 && decDeg >= -90 && decDeg <= 90)) return true;
        return fine.MayHold(fine.Row(decDeg), fine.Column(raDeg));
    }

    /// <summary>
    /// Keeps, in place, the <paramref name="rows"/> of (raDeg, decDeg) that <see cref="MayMatchFine(double, double)"/> keeps
    /// (those <see cref="Filter"/> kept), and returns their count.
    /// </summary>
    internal int KeepFine(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, Span<int> rows)
    {
        if (Volatile.Read(ref _fine) is not { } fine) return rows.Length;
        var kept = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            // Each table word is a cache miss (the table is 256-512 KiB, the rows scattered): the word of the row a few
            // places ahead is fetched meanwhile.
            if (k + PrefetchDistance < rows.Length) PrefetchFine(fine, raDeg[rows[k + PrefetchDistance]], decDeg[rows[k + PrefetchDistance]]);
            var row = rows[k];
            rows[kept] = row;
            kept += MayMatchFine(fine, raDeg[row], decDeg[row]) ? 1 : 0;
        }
        return kept;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchFine(FineLayer fine, double raDeg, double decDeg)
    {
        if (raDeg >= 0 && raDeg < 360 && decDeg >= -90 && decDeg <= 90) fine.Prefetch(fine.Row(decDeg), fine.Column(raDeg));
    }
}
