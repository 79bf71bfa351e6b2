using System.Diagnostics;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// A job's catalog index, built as <see cref="CatalogPruning.BuildIndexAsync(SourceCatalog, IReadOnlyList{DatalakeShard}, double, int, AlertReachAhead?, CancellationToken)"/>
/// builds it, except that the whole catalog's index (75 k sources: ~20 ms on one core) is built on the thread pool
/// after its cell mask: <see cref="LocalXmatchRunner"/> reads the nights' positions and keeps those in the mask's cells
/// meanwhile (<see cref="AlertCandidates.ReadAsync"/>), so that the other core does not wait for the index.
/// </summary>
public sealed class CatalogIndexUnderway
{
    private CatalogIndexUnderway(Task<CatalogIndex> built, SkyCellMask? mask) => (Built, Mask) = (built, mask);

    /// <summary>The index, done or being built.</summary>
    public Task<CatalogIndex> Built { get; }

    /// <summary>The cell mask the index will hold (null when it holds none, or when the index was done at once).</summary>
    internal SkyCellMask? Mask { get; }

    /// <summary>An index whose build ends with <paramref name="built"/>, with <paramref name="mask"/> in it (tests choose when).</summary>
    internal static CatalogIndexUnderway Pending(Task<CatalogIndex> built, SkyCellMask? mask) => new(built, mask);

    /// <summary>An index built already (the nights are then read as usual).</summary>
    public static CatalogIndexUnderway Done(CatalogIndex built) => new(Task.FromResult(built), null);

    /// <summary>
    /// The index of <paramref name="catalog"/> for the alerts of <paramref name="nights"/>: pruned when it pays, done on
    /// return; else the whole catalog's, built on the thread pool while its mask is built here.
    /// </summary>
    /// <exception cref="DatalakeException">A night's file cannot be read.</exception>
    public static async Task<CatalogIndexUnderway> StartAsync(SourceCatalog catalog, IReadOnlyList<DatalakeShard> nights, double radiusArcsec,
        int parallelism, AlertReachAhead? ahead, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var pruned = await CatalogPruning.BuildPrunedAsync(catalog, nights, radiusArcsec, parallelism, CatalogPruning.JobMinSources,
            CatalogPruning.JobAlertsPerSource, cancellationToken, ahead, alone: true).ConfigureAwait(false);
        if (pruned is not null) return Done(pruned);
        var decided = clock.Elapsed;
        // The index's passes need no mask: they start at once, on the thread pool, while this thread marks the mask (one
        // core, ~1.3 ms at 75 k sources, where the other had nothing to do) and its fine layer; the mask joins the index
        // at its end.
        var masked = new TaskCompletionSource<SkyCellMask?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var built = Task.Run(async () =>
        {
            var index = HealpixIndex.BuildWithoutCellMask(catalog.RaDeg, catalog.DecDeg, radiusArcsec);
            index.AttachCellMask(await masked.Task.ConfigureAwait(false));
            return new CatalogIndex(index, null, decided, clock.Elapsed - decided);
        }, cancellationToken);
        SkyCellMask? mask;
        try
        {
            // The fine layer too: the nights read meanwhile keep fewer alerts with it.
            mask = SkyCellMask.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec, withFineLayer: false);
            mask?.AddFineLayer(catalog.RaDeg, catalog.DecDeg, radiusArcsec);
        }
        catch (Exception e)
        {
            masked.SetException(e);
            throw;
        }
        masked.SetResult(mask);
        return new CatalogIndexUnderway(built, mask);
    }
}
