using System.Runtime.CompilerServices;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.SkyIndex;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// The sky-index cells a catalog's sources reach at the job's radius (every cell a source's disc may touch, so no
/// alert that matches lies outside them), when they are few enough that reading a night through its sky index costs
/// less than scanning its positions. Computed once per catalog index (the catalog at one radius).
/// </summary>
internal static class CatalogCells
{
    /// <summary>
    /// Above this many index cells (order 13, about 26″ across) a night is scanned whole. Measured (docs/performance.md,
    /// "cell directory"; 100 generated ZTF nights of 100,000 alerts, CPU time): 1,300 cells read the nights 23-45x
    /// cheaper through the index, 6,500 cells 10-11x, 26,000 cells 4.3-5.4x, 65,000 cells 2.8-3.2x. Those figures count
    /// on <see cref="OccupiedCellUnion"/> dropping most cells before any night is looked at; in a process that
    /// has read enough alerts to fill it, every cell costs a directory lookup in every night (measured before the union:
    /// 1,300 cells ~9 ms of CPU per 100 nights), which would meet the full scan near 20,000 cells: the limit.
    /// </summary>
    public const long MaxIndexedCells = 20_000;

    private static readonly ConditionalWeakTable<HealpixIndex, StrongBox<CellRanges?>> Known = new();

    /// <summary>The limit in force: <see cref="MaxIndexedCells"/>, raised only by the benchmark that measures where it should lie.</summary>
    internal static long Limit { get; set; } = MaxIndexedCells;

    /// <summary>The cells, or null when the catalog reaches more than <see cref="Limit"/> (a scan is cheaper).</summary>
    public static CellRanges? IndexedCells(SourceCatalog catalog, HealpixIndex index) =>
        Known.GetValue(index, _ => new StrongBox<CellRanges?>(Compute(catalog, index.RadiusArcsec))).Value;

    private static CellRanges? Compute(SourceCatalog catalog, double radiusArcsec)
    {
        // Each source reaches at least one cell: a larger catalog is not worth the disc queries.
        if (catalog.Count > Limit) return null;
        var cells = CellRanges.OfDiscs(catalog.RaDeg, catalog.DecDeg, radiusArcsec);
        return cells.CellCount <= Limit ? cells : null;
    }
}
