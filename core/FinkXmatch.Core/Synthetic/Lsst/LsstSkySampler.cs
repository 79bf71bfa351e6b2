namespace FinkXmatch.Core.Synthetic.Lsst;

/// <summary>Positions over Rubin's sky: uniform on the sphere from the south pole to Dec +30° (the LSST footprint's edge).</summary>
internal static class LsstSkySampler
{
    /// <summary>Northernmost declination drawn (degrees).</summary>
    public const double MaxDecDeg = 30;

    private static readonly double MaxSinDec = Math.Sin(MaxDecDeg * Math.PI / 180);

    /// <summary>The next position (degrees).</summary>
    public static (double RaDeg, double DecDeg) Next(ref SplitMix64 random)
    {
        var ra = random.Next(0.0, 360.0);
        var dec = Math.Asin(random.Next(-1.0, MaxSinDec)) * 180 / Math.PI;
        return (ra, dec);
    }
}
