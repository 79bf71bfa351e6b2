namespace FinkXmatch.Core.Sky;

/// <summary>
/// A position in the form HEALPix C++ works with: z = cos(theta), tt = phi / (pi/2) in [0, 4), and sin(theta) when it
/// is needed for accuracy near the poles (<c>HaveSth</c>).
/// </summary>
internal readonly struct SkyLocation
{
    // The decimal constants of the C++ library, so the doubles are the same.
    internal const double HalfPi = 1.570796326794896619231321691639751;
    internal const double InvHalfPi = 0.6366197723675813430755350534900574;
    internal const double DegToRad = Math.PI / 180.0; // numpy's radians(): x * (pi/180)
    internal const double RadToDeg = 180.0 / Math.PI; // numpy's degrees(): x * (180/pi)

    public readonly double Z;
    public readonly double Tt;
    public readonly double Sth;
    public readonly bool HaveSth;

    public SkyLocation(double z, double tt, double sth, bool haveSth)
    {
        Z = z;
        Tt = tt;
        Sth = sth;
        HaveSth = haveSth;
    }

    /// <summary>sin(theta), accurate near the poles.</summary>
    public double SinTheta => HaveSth ? Sth : Math.Sqrt((1.0 - Z) * (1.0 + Z));

    /// <summary>
    /// Converts RA/Dec degrees the way healpy does with <c>lonlat=True</c> (theta = pi/2 - radians(dec),
    /// phi = radians(ra)), then <c>T_Healpix_Base::ang2pix</c> (sin(theta) kept within 0.01 rad of a pole).
    /// </summary>
    public static SkyLocation FromRaDec(double raDeg, double decDeg)
    {
        if (!double.IsFinite(raDeg))
            throw new ArgumentOutOfRangeException(nameof(raDeg), raDeg, "RA must be finite");
        if (!(decDeg >= -90.0 && decDeg <= 90.0))
            throw new ArgumentOutOfRangeException(nameof(decDeg), decDeg, "Dec must be within [-90, 90]");
        double theta = Math.Clamp(Math.PI / 2.0 - decDeg * DegToRad, 0.0, Math.PI);
        double tt = FModulo(WrapRa(raDeg) * DegToRad * InvHalfPi, 4.0);
        double z = Math.Cos(theta);
        return theta < 0.01 || theta > 3.14159 - 0.01
            ? new SkyLocation(z, tt, Math.Sin(theta), true)
            : new SkyLocation(z, tt, 0.0, false);
    }

    /// <summary>RA wrapped to [0, 360); values already in range are returned unchanged (as healpy sees them).</summary>
    public static double WrapRa(double raDeg)
    {
        if (raDeg >= 0.0 && raDeg < 360.0) return raDeg;
        double r = raDeg % 360.0;
        if (r < 0.0) r += 360.0;
        return r >= 360.0 ? 0.0 : r;
    }

    /// <summary>The C++ <c>fmodulo</c>: v1 mod v2 in [0, v2).</summary>
    public static double FModulo(double v1, double v2)
    {
        if (v1 >= 0.0) return v1 < v2 ? v1 : v1 % v2;
        double tmp = v1 % v2 + v2;
        return tmp == v2 ? 0.0 : tmp;
    }

    /// <summary>Unit vector (x, y, z).</summary>
    public (double X, double Y, double Z) ToVector()
    {
        double s = SinTheta;
        var (sin, cos) = Math.SinCos(Tt * HalfPi);
        return (s * cos, s * sin, Z);
    }
}
