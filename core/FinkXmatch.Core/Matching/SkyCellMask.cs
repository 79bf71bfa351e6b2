using System.Runtime.CompilerServices;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// A bitmap over an equirectangular RA/Dec grid (cells 2^-k degree on a side) with a bit set for every cell that
/// some source's disc of the match radius can reach. Locating an alert's cell takes two multiplications and no
/// trigonometry, so the matcher rejects most alerts of a sparse catalog before its <c>ang2pix</c> (measured: the
/// HEALPix path costs ~60 ns per alert, mostly cos, fmod and the lookup's cache misses).
/// Conservative by construction: an alert within the radius of a source lies in one of the cells marked for it
/// (|ΔDec| ≤ distance, and |ΔRA| ≤ asin(sin r / cos δ) away from the poles), with a margin for rounding.
/// </summary>
internal sealed class SkyCellMask
{
    private const int MaxCellsPerDegreeLog2 = 6;        // 1/64 degree: 23,040 x 11,520 cells, 32 MiB
    private const double TargetOccupancy = 0.04;        // finer grids until about this share of cells is marked
    private const double MaxOccupancy = 0.5;            // no mask when even the finest grid would not reject half

    private readonly ulong[] _bits;
    private readonly double _scale;                     // cells per degree
    private readonly int _width;                        // cells in RA
    private readonly int _height;                       // cells in Dec

    private SkyCellMask(int log2)
    {
        _scale = 1 << log2;
        _width = 360 << log2;
        _height = 180 << log2;
        _bits = new ulong[((long)_width * _height + 63) / 64];
    }

    /// <summary>Cells per degree (a power of two).</summary>
    public double CellsPerDegree => _scale;

    public long MemoryBytes => _bits.LongLength * 8;

    /// <summary>
    /// The mask for sources at (raDeg, decDeg) and radius, at the coarsest grid where about <see cref="TargetOccupancy"/>
    /// of the cells are marked; null when no grid would reject most alerts (dense catalogs at large radii).
    /// </summary>
    public static SkyCellMask? Build(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec)
    {
        var margin = Margin(radiusArcsec);
        // Cells per source ~ (2 m s + 1)^2 at s cells per degree; overlaps only lower the share.
        var log2 = 0;
        var sources = raDeg.Length;
        double Share(int k) => sources * Math.Pow(2 * margin * (1 << k) + 1, 2) / (360.0 * 180 * (1L << (2 * k)));
        while (log2 < MaxCellsPerDegreeLog2 && Share(log2) > TargetOccupancy) log2++;
        return Share(log2) > MaxOccupancy ? null : BuildAt(log2, raDeg, decDeg, radiusArcsec);
    }

    /// <summary>The mask on a grid of 2^<paramref name="log2"/> cells per degree (0..6).</summary>
    internal static SkyCellMask BuildAt(int log2, ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)log2, (uint)MaxCellsPerDegreeLog2, nameof(log2));
        var margin = Margin(radiusArcsec);
        var mask = new SkyCellMask(log2);
        for (var i = 0; i < raDeg.Length; i++) mask.Mark(raDeg[i], decDeg[i], margin);
        return mask;
    }

    /// <summary>
    /// False when no source can be within the radius of (raDeg, decDeg); true otherwise, and for every position off
    /// the grid (RA outside [0, 360), Dec outside [-90, 90], not finite), which the exact path sorts out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayMatch(double raDeg, double decDeg)
    {
        if (!(raDeg >= 0 && raDeg < 360 && decDeg >= -90 && decDeg <= 90)) return true;
        var cell = (long)Row(decDeg) * _width + Column(raDeg);
        return (_bits[cell >> 6] & (1UL << (int)cell)) != 0;
    }

    // Half-width of the marked band in degrees: the radius plus room for rounding in degree conversions.
    private static double Margin(double radiusArcsec) => radiusArcsec / 3600.0 * (1 + 1e-6) + 1e-9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Row(double decDeg) => Math.Min(_height - 1, (int)((decDeg + 90) * _scale));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Column(double raDeg) => Math.Min(_width - 1, (int)(raDeg * _scale));

    private void Mark(double raDeg, double decDeg, double margin)
    {
        if (!double.IsFinite(raDeg) || !(decDeg >= -90 && decDeg <= 90)) return;    // such sources never match
        var low = decDeg - margin;
        var high = decDeg + margin;
        var firstRow = Row(Math.Max(low, -90));
        var lastRow = Row(Math.Min(high, 90));
        var ra = raDeg % 360;
        if (ra < 0) ra += 360;
        if (ra >= 360) ra = 0;
        // The RA half-width of a small circle: asin(sin r / cos δ); a circle around a pole spans every RA.
        var sinRatio = Math.Sin(margin * Math.PI / 180) / Math.Cos(decDeg * Math.PI / 180);
        var halfWidth = low <= -90 || high >= 90 || !(sinRatio < 1) ? 180.0 : Math.Asin(sinRatio) * 180 / Math.PI * (1 + 1e-6) + 1e-9;
        for (var row = firstRow; row <= lastRow; row++)
        {
            if (halfWidth >= 180)
            {
                SetColumns(row, 0, _width - 1);
                continue;
            }
            var west = ra - halfWidth;
            var east = ra + halfWidth;
            if (west < 0)
            {
                SetColumns(row, Column(Math.Max(0, west + 360)), _width - 1);
                SetColumns(row, 0, Column(east));
            }
            else if (east >= 360)
            {
                SetColumns(row, Column(west), _width - 1);
                SetColumns(row, 0, Column(Math.Min(east - 360, 360)));
            }
            else SetColumns(row, Column(west), Column(east));
        }
    }

    private void SetColumns(int row, int first, int last)
    {
        var start = (long)row * _width;
        for (var c = start + first; c <= start + last; c++) _bits[c >> 6] |= 1UL << (int)c;
    }
}
