using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// The catalog indexed by HEALPix nside 128 (nested): each source is registered in every pixel that its disc of
/// the match radius touches (<see cref="Healpix.QueryDiscIntersectingNest"/>: never misses a touched pixel, without
/// healpy's inclusive slack, so about one pixel per source at small radii instead of three), so an alert needs one <c>ang2pix</c> and one lookup to get every source that can
/// match it. Stored as compressed rows (pixel offsets + entries) with each entry's unit vector copied next to it,
/// so that a lookup reads one contiguous run of memory.
/// </summary>
public sealed class HealpixIndex
{
    public const int Nside = 128;

    private readonly int[] _pixelStart;     // npix + 1 offsets into the entry arrays
    private readonly int[] _entrySource;    // source index of each entry
    private readonly SkyVector[] _entryVector;

    private HealpixIndex(double radiusArcsec, int sourceCount, int[] pixelStart, int[] entrySource, SkyVector[] entryVector)
    {
        RadiusArcsec = radiusArcsec;
        SourceCount = sourceCount;
        _pixelStart = pixelStart;
        _entrySource = entrySource;
        _entryVector = entryVector;
    }

    public double RadiusArcsec { get; }
    public int SourceCount { get; }
    public int EntryCount => _entrySource.Length;

    /// <summary>Builds the index of sources at (raDeg[i], decDeg[i]) for matches within <paramref name="radiusArcsec"/>.</summary>
    public static HealpixIndex Build(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec)
    {
        if (raDeg.Length != decDeg.Length) throw new ArgumentException("ra and dec differ in length");
        if (!(radiusArcsec > 0 && radiusArcsec <= MatchLimits.MaxRadiusArcsec))
            throw new ArgumentOutOfRangeException(nameof(radiusArcsec), radiusArcsec, MatchLimits.RadiusMessage);

        var npix = (int)Healpix.Npix(Nside);
        var radiusDeg = radiusArcsec / 3600.0;
        var counts = new int[npix + 1];
        var pixels = new List<long>(16);
        // Two passes (count, then fill) keep memory at exactly the entries needed, even for 10 M sources.
        var entryPixel = new List<int>(raDeg.Length * 2);
        for (var i = 0; i < raDeg.Length; i++)
        {
            pixels.Clear();
            Healpix.QueryDiscIntersectingNest(Nside, raDeg[i], decDeg[i], radiusDeg, pixels);
            foreach (var p in pixels)
            {
                counts[p + 1]++;
                entryPixel.Add((int)p);
            }
        }
        for (var p = 0; p < npix; p++) counts[p + 1] += counts[p];

        var next = counts.AsSpan(0, npix).ToArray();
        var entrySource = new int[entryPixel.Count];
        var entryVector = new SkyVector[entryPixel.Count];
        var e = 0;
        for (var i = 0; i < raDeg.Length; i++)
        {
            pixels.Clear();
            var n = Healpix.QueryDiscIntersectingNest(Nside, raDeg[i], decDeg[i], radiusDeg, pixels);
            var v = SkyVector.FromRaDec(raDeg[i], decDeg[i]);
            for (var k = 0; k < n; k++, e++)
            {
                var slot = next[entryPixel[e]]++;
                entrySource[slot] = i;
                entryVector[slot] = v;
            }
        }
        return new HealpixIndex(radiusArcsec, raDeg.Length, counts, entrySource, entryVector);
    }

    /// <summary>The entries registered in a pixel: source indices, in catalog order, and their unit vectors.</summary>
    public void Lookup(long pixel, out ReadOnlySpan<int> sources, out ReadOnlySpan<SkyVector> vectors)
    {
        var start = _pixelStart[pixel];
        var length = _pixelStart[pixel + 1] - start;
        sources = _entrySource.AsSpan(start, length);
        vectors = _entryVector.AsSpan(start, length);
    }

    /// <summary>Approximate memory held by the index, for reports.</summary>
    public long MemoryBytes => _pixelStart.Length * 4L + _entrySource.Length * (4L + 24L);
}
