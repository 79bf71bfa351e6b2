namespace FinkXmatch.Core.Sky;

/// <summary>
/// Great-circle distance between two sky positions given in degrees. Uses the Vincenty (atan2) formula, which keeps
/// full double precision from sub-milliarcsecond separations up to exactly antipodal points, where the usual
/// <c>acos</c> of a dot product loses everything below about a milliarcsecond.
/// </summary>
public static class Separation
{
    /// <summary>Separation in degrees, in [0, 180].</summary>
    public static double Degrees(double ra1Deg, double dec1Deg, double ra2Deg, double dec2Deg)
    {
        // SinPi/CosPi of degrees/180 are exact at multiples of 90 degrees: 180 degrees of RA gives sin = 0 exactly.
        var (sinDec1, cosDec1) = double.SinCosPi(dec1Deg / 180.0);
        var (sinDec2, cosDec2) = double.SinCosPi(dec2Deg / 180.0);
        var (sinDra, cosDra) = double.SinCosPi((ra2Deg - ra1Deg) / 180.0);

        var x = cosDec2 * sinDra;
        var y = cosDec1 * sinDec2 - sinDec1 * cosDec2 * cosDra;
        var along = sinDec1 * sinDec2 + cosDec1 * cosDec2 * cosDra;
        var across = Math.Sqrt(x * x + y * y);
        return double.Atan2Pi(across, along) * 180.0;
    }

    /// <summary>Separation in arcseconds, in [0, 648000].</summary>
    public static double Arcsec(double ra1Deg, double dec1Deg, double ra2Deg, double dec2Deg)
        => Degrees(ra1Deg, dec1Deg, ra2Deg, dec2Deg) * 3600.0;
}
