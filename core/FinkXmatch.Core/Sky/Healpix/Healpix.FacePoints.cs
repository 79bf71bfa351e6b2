namespace FinkXmatch.Core.Sky;

// Continuous face coordinates -> sphere (HEALPix C++ xyf2loc), for pixel corners and edges.
public static partial class Healpix
{
    /// <summary>
    /// Position of the point (x, y) of a base face, x and y in [0, 1] (pixel (ix, iy) at nside n spans
    /// [ix/n, (ix+1)/n] x [iy/n, (iy+1)/n]), as RA/Dec degrees. Used for pixel corners and edges.
    /// </summary>
    public static (double RaDeg, double DecDeg) FacePointToAng(int face, double x, double y)
    {
        if ((uint)face > 11) throw new ArgumentOutOfRangeException(nameof(face), face, "face must be 0..11");
        if (!(x >= 0 && x <= 1)) throw new ArgumentOutOfRangeException(nameof(x), x, "x must be within [0, 1]");
        if (!(y >= 0 && y <= 1)) throw new ArgumentOutOfRangeException(nameof(y), y, "y must be within [0, 1]");
        double jr = Jrll[face] - x - y;
        double nr, z, sth = 0.0;
        bool haveSth = false;
        if (jr < 1)
        {
            nr = jr;
            double tmp = nr * nr / 3.0;
            z = 1 - tmp;
            if (z > 0.99) { sth = Math.Sqrt(tmp * (2.0 - tmp)); haveSth = true; }
        }
        else if (jr > 3)
        {
            nr = 4 - jr;
            double tmp = nr * nr / 3.0;
            z = tmp - 1;
            if (z < -0.99) { sth = Math.Sqrt(tmp * (2.0 - tmp)); haveSth = true; }
        }
        else
        {
            nr = 1;
            z = (2 - jr) * 2.0 / 3.0;
        }
        double t = Jpll[face] * nr + x - y;
        if (t < 0) t += 8;
        if (t >= 8) t -= 8;
        double phi = nr < 1e-15 ? 0 : 0.5 * SkyLocation.HalfPi * t / nr;
        var (ra, dec) = new PixelCentre(z, phi, sth, haveSth).ToRaDec();
        return (SkyLocation.WrapRa(ra), Math.Clamp(dec, -90.0, 90.0));
    }
}
