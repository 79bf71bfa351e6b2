using FinkXmatch.Core.SkyIndex;

namespace FinkXmatch.Core.SkySearch;

/// <summary>Where a search looks: the index cells that may hold its alerts, and the exact test of one position.</summary>
public abstract class SkyShape
{
    /// <summary>Every index cell (<see cref="NightIndexFile.Order"/>) that may hold a position inside the shape.</summary>
    public abstract CellRanges Cells { get; }

    /// <summary>Whether a position is inside; <paramref name="separationArcsec"/> is its distance to the centre (NaN for a shape without one).</summary>
    public abstract bool Contains(double raDeg, double decDeg, out double separationArcsec);

    /// <summary>Whether answers carry a separation (sorted by it) or not (in the datalake's order).</summary>
    public abstract bool HasSeparation { get; }

    /// <summary>The argument that sets the shape's extent, named when an answer would be too large.</summary>
    public abstract string ExtentArgument { get; }
}
