using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Bench;

/// <summary>
/// The benchmark's correctness reference, independent of HEALPix and of unit vectors: sources sorted by Dec, and for
/// each alert every source in the Dec band of the radius compared with the Vincenty separation in degrees
/// (<see cref="Separation"/>). Exhaustive within the band, so it is brute force without the sources that cannot match.
/// </summary>
internal sealed class ReferenceMatcher
{
    private readonly SourceCatalog _catalog;
    private readonly int[] _byDec;
    private readonly double[] _sortedDec;

    public ReferenceMatcher(SourceCatalog catalog)
    {
        _catalog = catalog;
        _byDec = Enumerable.Range(0, catalog.Count).ToArray();
        _sortedDec = (double[])catalog.DecDeg.Clone();
        Array.Sort(_sortedDec, _byDec);
    }

    /// <summary>Nearest source (ties to the lower catalog row) with separation &lt; radius, or -1.</summary>
    public (int Source, double SeparationArcsec) Nearest(double ra, double dec, double radiusArcsec)
    {
        var band = radiusArcsec / 3600 + 1e-9;
        var lo = LowerBound(dec - band);
        var best = -1;
        var bestSep = double.PositiveInfinity;
        for (var k = lo; k < _sortedDec.Length && _sortedDec[k] <= dec + band; k++)
        {
            var s = _byDec[k];
            var sep = Separation.Arcsec(ra, dec, _catalog.RaDeg[s], _catalog.DecDeg[s]);
            if (sep < radiusArcsec && (sep < bestSep || (sep == bestSep && s < best))) (best, bestSep) = (s, sep);
        }
        return (best, bestSep);
    }

    private int LowerBound(double value)
    {
        int lo = 0, hi = _sortedDec.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sortedDec[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
