using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.SkyMaps;

/// <summary>Galactic → equatorial (J2000) conversion with the standard rotation (NGP RA 192.85948°, Dec 27.12825°, l of NCP 122.93192°).</summary>
public static class GalacticFrame
{
    /// <summary>RA of the north Galactic pole (degrees, J2000).</summary>
    public const double NorthPoleRaDeg = 192.85948;

    /// <summary>Dec of the north Galactic pole (degrees, J2000).</summary>
    public const double NorthPoleDecDeg = 27.12825;

    /// <summary>Galactic longitude of the north celestial pole (degrees).</summary>
    public const double CelestialPoleLongitudeDeg = 122.93192;

    private const double Deg = Math.PI / 180;

    /// <summary>Equatorial RA in [0, 360) and Dec of Galactic (l, b), all in degrees.</summary>
    public static (double RaDeg, double DecDeg) ToEquatorial(double lDeg, double bDeg)
    {
        var (sinB, cosB) = Math.SinCos(bDeg * Deg);
        var (sinD, cosD) = Math.SinCos(NorthPoleDecDeg * Deg);
        var (sinL, cosL) = Math.SinCos((CelestialPoleLongitudeDeg - lDeg) * Deg);
        double dec = Math.Asin(Math.Clamp(sinB * sinD + cosB * cosD * cosL, -1, 1));
        double ra = NorthPoleRaDeg * Deg + Math.Atan2(cosB * sinL, sinB * cosD - cosB * sinD * cosL);
        return (SkyLocation.WrapRa(ra / Deg), dec / Deg);
    }
}
