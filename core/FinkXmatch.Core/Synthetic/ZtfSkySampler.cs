namespace FinkXmatch.Core.Synthetic;

/// <summary>
/// Random alert positions over the sky ZTF sees from Palomar (dec &gt; -31 deg), denser towards the Galactic plane
/// like real alert rates (about 4 times more alerts at b = 0 than at the poles).
/// </summary>
internal static class ZtfSkySampler
{
    public const double MinDecDeg = -31;

    // North Galactic pole (J2000).
    private const double PoleRaDeg = 192.85948;
    private const double PoleDecDeg = 27.12825;
    private static readonly double SinPoleDec = Math.Sin(PoleDecDeg * Math.PI / 180);
    private static readonly double CosPoleDec = Math.Cos(PoleDecDeg * Math.PI / 180);
    private static readonly double SinMinDec = Math.Sin(MinDecDeg * Math.PI / 180);

    public static (double RaDeg, double DecDeg) Next(ref SplitMix64 random)
    {
        while (true)
        {
            var ra = random.Next(0.0, 360.0);
            var dec = Math.Asin(random.Next(SinMinDec, 1.0)) * 180 / Math.PI;   // uniform on the sphere cap
            var b = GalacticLatitudeDeg(ra, dec);
            var weight = 0.25 + 0.75 * Math.Exp(-(b * b) / (2 * 10.0 * 10.0));
            if (random.NextDouble() < weight) return (ra, dec);
        }
    }

    public static double GalacticLatitudeDeg(double raDeg, double decDeg)
    {
        var dec = decDeg * Math.PI / 180;
        var dra = (raDeg - PoleRaDeg) * Math.PI / 180;
        var sinB = Math.Sin(dec) * SinPoleDec + Math.Cos(dec) * CosPoleDec * Math.Cos(dra);
        return Math.Asin(Math.Clamp(sinB, -1, 1)) * 180 / Math.PI;
    }

    /// <summary>The point at angular distance <paramref name="distanceDeg"/> from a position along a bearing (exact on the sphere).</summary>
    public static (double RaDeg, double DecDeg) Offset(double raDeg, double decDeg, double distanceDeg, double bearingRad)
    {
        var ra0 = raDeg * Math.PI / 180;
        var dec0 = decDeg * Math.PI / 180;
        var d = distanceDeg * Math.PI / 180;
        var sinDec = Math.Sin(dec0) * Math.Cos(d) + Math.Cos(dec0) * Math.Sin(d) * Math.Cos(bearingRad);
        var dec = Math.Asin(Math.Clamp(sinDec, -1, 1));
        var ra = ra0 + Math.Atan2(Math.Sin(bearingRad) * Math.Sin(d) * Math.Cos(dec0), Math.Cos(d) - Math.Sin(dec0) * sinDec);
        var raDegOut = ra * 180 / Math.PI % 360;
        if (raDegOut < 0) raDegOut += 360;
        return (raDegOut, dec * 180 / Math.PI);
    }

    /// <summary>Great-circle distance in arcseconds (haversine, accurate at small separations).</summary>
    public static double SeparationArcsec(double ra1, double dec1, double ra2, double dec2)
    {
        const double rad = Math.PI / 180;
        var sdd = Math.Sin((dec2 - dec1) * rad / 2);
        var sdr = Math.Sin((ra2 - ra1) * rad / 2);
        var h = sdd * sdd + Math.Cos(dec1 * rad) * Math.Cos(dec2 * rad) * sdr * sdr;
        return 2 * Math.Asin(Math.Min(1, Math.Sqrt(h))) / rad * 3600;
    }
}
