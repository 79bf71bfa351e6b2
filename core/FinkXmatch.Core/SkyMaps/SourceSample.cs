using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.SkyMaps;

/// <summary>
/// The sources to draw: pixel positions and footprint membership for at most a fixed number of them (an
/// evenly spaced, deterministic subsample of larger catalogs), with the inside count over ALL sources.
/// </summary>
internal sealed class SourceSample
{
    private SourceSample(int total, int inside, double[] x, double[] y, bool[] isInside)
    {
        Total = total;
        Inside = inside;
        X = x;
        Y = y;
        IsInside = isInside;
    }

    /// <summary>Number of sources in the catalog (with valid positions or not).</summary>
    public int Total { get; }

    /// <summary>Sources inside the footprint, over the whole catalog.</summary>
    public int Inside { get; }

    /// <summary>Number of sources drawn.</summary>
    public int Shown => X.Length;

    public double[] X { get; }
    public double[] Y { get; }
    public bool[] IsInside { get; }

    public static SourceSample Take(SkyMapLayout layout, SkyCoverage footprint, ReadOnlySpan<double> raDeg,
        ReadOnlySpan<double> decDeg, int maxPoints)
    {
        if (raDeg.Length != decDeg.Length)
            throw new ArgumentException("RA and Dec must have the same length", nameof(decDeg));
        ArgumentOutOfRangeException.ThrowIfNegative(maxPoints);
        int total = raDeg.Length;
        int inside = footprint.CountInside(raDeg, decDeg);
        int shown = Math.Min(total, maxPoints);
        var xs = new List<double>(shown);
        var ys = new List<double>(shown);
        var flags = new List<bool>(shown);
        for (int k = 0; k < shown; k++)
        {
            int i = (int)((long)k * total / shown); // every (total/shown)-th source, always the same ones
            double ra = raDeg[i], dec = decDeg[i];
            if (!double.IsFinite(ra) || !(dec >= -90 && dec <= 90)) continue; // nothing to draw
            var (x, y) = layout.ToPixel(ra, dec);
            xs.Add(x);
            ys.Add(y);
            flags.Add(footprint.Contains(ra, dec));
        }
        return new SourceSample(total, inside, [.. xs], [.. ys], [.. flags]);
    }
}
