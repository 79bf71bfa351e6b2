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
    /// Above this many index cells (order 13, about 26″ across) a night is scanned whole. Measured on 100 nights of
    /// 100,000 generated ZTF alerts (docs/performance.md, "Crossmatch through the sky index"): below it nearly every
    /// index row group holds no candidate and is skipped after its <c>cell</c> chunk; towards it most of them hold one,
    /// the whole index is decoded (24 bytes per alert against the scan's 16) and the gain is gone.
    /// </summary>
    public const long MaxIndexedCells = 20_000;

    private static readonly ConditionalWeakTable<HealpixIndex, StrongBox<CellRanges?>> Known = new();

    /// <summary>The cells, or null when the catalog reaches more than <see cref="MaxIndexedCells"/> (a scan is cheaper).</summary>
    public static CellRanges? IndexedCells(SourceCatalog catalog, HealpixIndex index) =>
        Known.GetValue(index, _ => new StrongBox<CellRanges?>(Compute(catalog, index.RadiusArcsec))).Value;

    private static CellRanges? Compute(SourceCatalog catalog, double radiusArcsec)
    {
        // Each source reaches at least one cell: a larger catalog is not worth the disc queries.
        if (catalog.Count > MaxIndexedCells) return null;
        var cells = CellRanges.OfDiscs(catalog.RaDeg, catalog.DecDeg, radiusArcsec);
        return cells.CellCount <= MaxIndexedCells ? cells : null;
    }
}
