using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// The reach of a job's alerts, read while its catalog loads (<see cref="CatalogPruning.ReadAhead"/>): reading the
/// nights' positions needs no catalog, only the pruning rule's decision needs its size, which a Parquet catalog's footer
/// declares before its rows are read. Both then keep the two cores busy where they ran one after the other. The index
/// build (<see cref="CatalogPruning.BuildIndexAsync(Catalogs.SourceCatalog, IReadOnlyList{DatalakeShard}, double, int, AlertReachAhead?, CancellationToken)"/>)
/// takes the reach when the loaded catalog's count leads to the same decision, and reads it itself otherwise.
/// </summary>
public sealed class AlertReachAhead
{
    private readonly Task<(long Alerts, IReadOnlyList<int>[] RowGroupRows, AlertReach? Reach)> _reading;

    internal AlertReachAhead(IReadOnlyList<string> files, double radiusArcsec, Task<(long Alerts, IReadOnlyList<int>[] RowGroupRows, AlertReach? Reach)> reading)
    {
        Files = files;
        RadiusArcsec = radiusArcsec;
        _reading = reading;
    }

    /// <summary>The nights' files whose alerts are read.</summary>
    public IReadOnlyList<string> Files { get; }

    public double RadiusArcsec { get; }

    /// <summary>
    /// The nights' alerts and each file's row groups' rows (from the files' footers), and their reach; the reach is null
    /// when the declared catalog size led to no pruning or to marking the catalog's cells first (then only the footers were read).
    /// </summary>
    /// <exception cref="DatalakeException">A night's file cannot be read.</exception>
    internal Task<(long Alerts, IReadOnlyList<int>[] RowGroupRows, AlertReach? Reach)> ReadAsync() => _reading;

    /// <summary>True when this reading is of these files, for this radius.</summary>
    internal bool IsFor(IReadOnlyList<string> files, double radiusArcsec) => radiusArcsec == RadiusArcsec && files.SequenceEqual(Files);
}
