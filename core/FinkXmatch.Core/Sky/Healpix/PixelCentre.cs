namespace FinkXmatch.Core.Sky;

/// <summary>A pixel centre as HEALPix C++ <c>pix2loc</c> gives it: z = cos(theta), phi, and sin(theta) near the poles.</summary>
internal readonly struct PixelCentre
{
    public readonly double Z;
    public readonly double Phi;
    public readonly double Sth;
    public readonly bool HaveSth;

    public PixelCentre(double z, double phi, double sth, bool haveSth)
    {
        Z = z;
        Phi = phi;
        Sth = sth;
        HaveSth = haveSth;
    }

    /// <summary>RA/Dec in degrees exactly as healpy's <c>pix2ang(lonlat=True)</c> computes them.</summary>
    public (double RaDeg, double DecDeg) ToRaDec()
    {
        double theta = HaveSth ? Math.Atan2(Sth, Z) : Math.Acos(Z);
        return (Phi * SkyLocation.RadToDeg, 90.0 - theta * SkyLocation.RadToDeg);
    }

    /// <summary>Unit vector (x, y, z).</summary>
    public (double X, double Y, double Z) ToVector()
    {
        double s = HaveSth ? Sth : Math.Sqrt((1.0 - Z) * (1.0 + Z));
        var (sin, cos) = Math.SinCos(Phi);
        return (s * cos, s * sin, Z);
    }
}
