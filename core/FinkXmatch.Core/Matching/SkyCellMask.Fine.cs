using System.Runtime.CompilerServices;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// The mask's fine layer, for small catalogs at small radii: the same cells marked on a grid about four margins wide
/// (75 k sources at 1.5": 512 cells per degree, 7" across), their bits hashed into a table that stays in the caches
/// (256-512 KiB). The coarse mask keeps ~2.5 % of a night's alerts for 75 k sources at 1.5", and each kept alert cost an
/// <c>ang2pix</c> (trigonometry) and the index's lookups (~80 ns) to find no source in most cases; the fine layer drops
/// most of them with one load. Conservative as the coarse mask is (the same marking, and a hash collision only keeps an
/// alert for the exact path); a row where a disc spans many cells (near the poles) is kept whole.
/// </summary>
internal sealed partial class SkyCellMask
{
    private const int MaxFineLog2 = 12;
    private const int MinFineTableLog2 = 12;
    private const int MaxFineTableLog2 = 22;            // 512 KiB
    private const int MaxFineColumnsPerRow = 64;        // beyond: the row is kept whole

    private ulong[]? _fineBits;                         // hashed cell bits
    private ulong[]? _fineRows;                         // bit per row: every cell of the row kept
    private double _fineScale;
    private int _fineWidth;
    private int _fineHeight;
    private int _fineHashShift;

    /// <summary>True when the fine layer is there (<see cref="KeepFine"/> then drops alerts).</summary>
    internal bool HasFineLayer => _fineBits is not null;

    /// <summary>Cells per degree of the fine layer (0 when there is none).</summary>
    internal double FineCellsPerDegree => _fineBits is null ? 0 : _fineScale;

    /// <summary>
    /// Marks the fine layer for these sources (the ones this mask was built from), when the radius allows a grid at least
    /// four times finer than this one and the table holds at least 8 bits per cell marked; else leaves none.
    /// </summary>
    private void AddFineLayer(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec)
    {
        var margin = Margin(radiusArcsec);
        var fineLog2 = Math.Min(MaxFineLog2, (int)Math.Floor(Math.Log2(0.25 / margin)));
        if ((1 << Math.Max(0, fineLog2)) < 4 * _scale) return;
        var cellsPerSource = Math.Pow(2 * margin * (1 << fineLog2) + 1, 2);
        var tableLog2 = Math.Max(MinFineTableLog2, (int)Math.Ceiling(Math.Log2(Math.Max(1, 8 * raDeg.Length * cellsPerSource))));
        if (tableLog2 > MaxFineTableLog2) return;
        _fineScale = 1 << fineLog2;
        _fineWidth = 360 << fineLog2;
        _fineHeight = 180 << fineLog2;
        _fineHashShift = 64 - tableLog2;
        _fineBits = new ulong[(1 << tableLog2) / 64];
        _fineRows = new ulong[(_fineHeight + 63) / 64];
        var widths = RowHalfWidths(margin);
        for (var i = 0; i < raDeg.Length; i++) MarkFine(raDeg[i], decDeg[i], margin, widths);
    }

    // As Mark, on the fine grid; the RA half-width is the coarse row's (an upper bound for any source in that row).
    private void MarkFine(double raDeg, double decDeg, double margin, double[] rowHalfWidths)
    {
        if (!double.IsFinite(raDeg) || !(decDeg >= -90 && decDeg <= 90)) return;    // such sources never match
        var low = decDeg - margin;
        var high = decDeg + margin;
        var firstRow = FineRow(Math.Max(low, -90));
        var lastRow = FineRow(Math.Min(high, 90));
        var ra = raDeg;
        if (!(ra >= 0 && ra < 360))
        {
            ra %= 360;
            if (ra < 0) ra += 360;
            if (ra >= 360) ra = 0;
        }
        var halfWidth = low <= -90 || high >= 90 ? 180.0 : rowHalfWidths[Row(decDeg)];
        for (var row = firstRow; row <= lastRow; row++)
        {
            if (halfWidth >= 180 || 2 * halfWidth * _fineScale > MaxFineColumnsPerRow)
            {
                _fineRows![row >> 6] |= 1UL << row;
                continue;
            }
            var west = ra - halfWidth;
            var east = ra + halfWidth;
            if (west < 0)
            {
                SetFineColumns(row, FineColumn(Math.Max(0, west + 360)), _fineWidth - 1);
                SetFineColumns(row, 0, FineColumn(east));
            }
            else if (east >= 360)
            {
                SetFineColumns(row, FineColumn(west), _fineWidth - 1);
                SetFineColumns(row, 0, FineColumn(Math.Min(east - 360, 360)));
            }
            else SetFineColumns(row, FineColumn(west), FineColumn(east));
        }
    }

    private void SetFineColumns(int row, int first, int last)
    {
        for (var column = first; column <= last; column++)
        {
            var at = FineHash(row, column);
            _fineBits![at >> 6] |= 1UL << (int)at;
        }
    }

    /// <summary>
    /// False when no source can be within the radius of (raDeg, decDeg) by the fine layer; true otherwise, for every
    /// position off the grid, and always when there is no fine layer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool MayMatchFine(double raDeg, double decDeg)
    {
        if (_fineBits is not { } bits || !(raDeg >= 0 && raDeg < 360 && decDeg >= -90 && decDeg <= 90)) return true;
        var row = FineRow(decDeg);
        if ((_fineRows![row >> 6] & (1UL << row)) != 0) return true;
        var at = FineHash(row, FineColumn(raDeg));
        return (bits[at >> 6] & (1UL << (int)at)) != 0;
    }

    /// <summary>
    /// Keeps, in place, the <paramref name="rows"/> of (raDeg, decDeg) that <see cref="MayMatchFine"/> keeps (those
    /// <see cref="Filter"/> kept), and returns their count.
    /// </summary>
    internal int KeepFine(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, Span<int> rows)
    {
        if (_fineBits is null) return rows.Length;
        var kept = 0;
        foreach (var row in rows)
        {
            rows[kept] = row;
            kept += MayMatchFine(raDeg[row], decDeg[row]) ? 1 : 0;
        }
        return kept;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FineRow(double decDeg) => Math.Min(_fineHeight - 1, (int)((decDeg + 90) * _fineScale));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FineColumn(double raDeg) => Math.Min(_fineWidth - 1, (int)(raDeg * _fineScale));

    // Fibonacci hashing of the cell's index into the table.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong FineHash(int row, int column) =>
        ((ulong)((long)row * _fineWidth + column) * 0x9E3779B97F4A7C15UL) >> _fineHashShift;
}
