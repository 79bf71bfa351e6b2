namespace FinkXmatch.Core.Tests.Sky;

/// <summary>Independent great-circle distance for the tests (haversine), in degrees.</summary>
internal static class Haversine
{
    public static double Degrees(double ra1, double dec1, double ra2, double dec2)
    {
        const double k = Math.PI / 180;
        double sdLat = Math.Sin((dec2 - dec1) * k / 2), sdLon = Math.Sin((ra2 - ra1) * k / 2);
        double h = sdLat * sdLat + Math.Cos(dec1 * k) * Math.Cos(dec2 * k) * sdLon * sdLon;
        return 2 * Math.Asin(Math.Min(1.0, Math.Sqrt(h))) / k;
    }

    /// <summary>The point at <paramref name="distDeg"/> from (ra, dec) along <paramref name="bearingRad"/>.</summary>
    public static (double Ra, double Dec) Destination(double ra, double dec, double bearingRad, double distDeg)
    {
        const double k = Math.PI / 180;
        double lat1 = dec * k, d = distDeg * k;
        double sinLat2 = Math.Sin(lat1) * Math.Cos(d) + Math.Cos(lat1) * Math.Sin(d) * Math.Cos(bearingRad);
        double lat2 = Math.Asin(Math.Clamp(sinLat2, -1, 1));
        double lon2 = ra * k + Math.Atan2(Math.Sin(bearingRad) * Math.Sin(d) * Math.Cos(lat1),
            Math.Cos(d) - Math.Sin(lat1) * sinLat2);
        double raOut = lon2 / k % 360.0;
        if (raOut < 0) raOut += 360.0;
        if (raOut >= 360.0) raOut = 0.0;
        return (raOut, Math.Clamp(lat2 / k, -90, 90));
    }
}
