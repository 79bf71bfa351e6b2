namespace FinkXmatch.Core.Matching;

/// <summary>A unit vector on the sphere, the form in which separations are cheap and exact.</summary>
public readonly record struct SkyVector(double X, double Y, double Z)
{
    public const double ArcsecPerRadian = 180.0 * 3600.0 / Math.PI;

    public static SkyVector FromRaDec(double raDeg, double decDeg)
    {
        var (sinRa, cosRa) = Math.SinCos(raDeg * (Math.PI / 180.0));
        var (sinDec, cosDec) = Math.SinCos(decDeg * (Math.PI / 180.0));
        return new SkyVector(cosDec * cosRa, cosDec * sinRa, sinDec);
    }

    public double Dot(in SkyVector other) => X * other.X + Y * other.Y + Z * other.Z;

    /// <summary>
    /// Great-circle angle in radians as atan2(|a×b|, a·b): the vector form of Vincenty's formula, accurate from
    /// micro-arcseconds to 180 degrees (acos of the dot product loses half the digits for small angles).
    /// </summary>
    public double AngleTo(in SkyVector other)
    {
        var cx = Y * other.Z - Z * other.Y;
        var cy = Z * other.X - X * other.Z;
        var cz = X * other.Y - Y * other.X;
        return Math.Atan2(Math.Sqrt(cx * cx + cy * cy + cz * cz), Dot(other));
    }
}
