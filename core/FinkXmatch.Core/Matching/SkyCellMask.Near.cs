namespace FinkXmatch.Core.Matching;

/// <summary>
/// The reach of the few alerts in a small catalog's cells (<see cref="AlertReach.ForCatalogCells"/>) as a fine layer
/// (<see cref="FineLayer"/>: a grid about four margins wide, its cells hashed into a table that stays in the caches)
/// instead of a grid mask: one ZTF night, 75 k sources at 1.5", marks ~6,400 alerts, and in the reach's fresh 2 MiB mask
/// each touched a page of its own (~500 page faults, ~1 ms of CPU, as much as the rest of the reach); its survivors were
/// the sources in the alerts' 225" cells. Conservative as the fine layer is (a collision only keeps a source).
/// </summary>
internal sealed partial class SkyCellMask
{
    // Table bits per cell expected to be marked: about one source in 64 not near an alert is kept by a collision.
    private const int NearBitsPerCell = 64;

    /// <summary>
    /// An empty fine layer for the reach of the alerts this mask (a catalog's) keeps, about <paramref name="expectedAlerts"/>
    /// of them, on a grid about four margins wide and at least 2^<paramref name="minLog2"/> cells per degree; null when
    /// its table would exceed the fine layer's largest (then the reach marks a grid mask).
    /// </summary>
    internal FineLayer? NewNearLayer(double radiusArcsec, double expectedAlerts, int minLog2)
    {
        var margin = Margin(radiusArcsec);
        var log2 = Math.Clamp((int)Math.Floor(Math.Log2(0.25 / margin)), minLog2, MaxFineLog2);
        var cellsPerAlert = Math.Pow(2 * margin * (1 << log2) + 1, 2);
        var tableLog2 = Math.Max(MinFineTableLog2, (int)Math.Ceiling(Math.Log2(Math.Max(1, NearBitsPerCell * expectedAlerts * cellsPerAlert))));
        return tableLog2 <= MaxFineTableLog2 ? new FineLayer(log2, tableLog2) : null;
    }

    /// <summary>
    /// Marks in <paramref name="near"/> (<see cref="NewNearLayer"/>) the cells reached by the alerts at <paramref name="rows"/>
    /// of (raDeg, decDeg), from several threads at once; the RA half-widths are this mask's rows' (<see cref="HalfWidthsFor"/>).
    /// </summary>
    internal void MarkNear(FineLayer near, ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, ReadOnlySpan<int> rows, double radiusArcsec,
        double[] rowHalfWidths)
    {
        var margin = Margin(radiusArcsec);
        foreach (var row in rows) MarkFine(near, raDeg[row], decDeg[row], margin, rowHalfWidths, atomic: true);
    }

    /// <summary>Share of the fine layer's table bits set (0..1).</summary>
    internal static double FineTableShare(FineLayer fine)
    {
        long set = 0;
        foreach (var word in fine.Bits) set += System.Numerics.BitOperations.PopCount(word);
        return (double)set / (fine.Bits.LongLength * 64);
    }
}
