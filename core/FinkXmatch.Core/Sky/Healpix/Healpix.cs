using System.Numerics;

namespace FinkXmatch.Core.Sky;

/// <summary>
/// HEALPix pixelisation (Górski et al. 2005), written to agree bit-for-bit with the HEALPix C++ library (and so
/// healpy) on <c>ang2pix</c>, <c>pix2ang</c> and the NESTED/RING conversions. Positions are ICRS degrees
/// (RA any finite value, wrapped to [0, 360); Dec in [-90, 90]); <c>nside</c> is a power of two in 1..2^29.
/// </summary>
public static partial class Healpix
{
    /// <summary>Largest supported order: nside up to 2^29.</summary>
    public const int MaxOrder = 29;

    /// <summary>Largest supported nside (2^29).</summary>
    public const int MaxNside = 1 << MaxOrder;

    /// <summary>Number of pixels on the sphere at this nside (12 nside^2).</summary>
    public static long Npix(int nside) => 12L << (2 * OrderOf(nside));

    /// <summary>The order (log2 nside) of a valid nside; throws <see cref="ArgumentOutOfRangeException"/> otherwise.</summary>
    public static int OrderOf(int nside)
    {
        if (nside <= 0 || nside > MaxNside || (nside & (nside - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(nside), nside, "nside must be a power of two between 1 and 2^29");
        return BitOperations.Log2((uint)nside);
    }

    /// <summary>NESTED index of the pixel containing the position.</summary>
    public static long Ang2PixNest(int nside, double raDeg, double decDeg)
    {
        int order = OrderOf(nside);
        var loc = SkyLocation.FromRaDec(raDeg, decDeg);
        LocateNest(order, loc, out int face, out int ix, out int iy, out _, out _);
        return XyfToNest(order, ix, iy, face);
    }

    /// <summary>RING index of the pixel containing the position.</summary>
    public static long Ang2PixRing(int nside, double raDeg, double decDeg)
    {
        int order = OrderOf(nside);
        return LocateRing(order, SkyLocation.FromRaDec(raDeg, decDeg));
    }

    /// <summary>Centre of a NESTED pixel, in degrees (RA in [0, 360)).</summary>
    public static (double RaDeg, double DecDeg) Pix2AngNest(int nside, long ipix)
    {
        int order = OrderOf(nside);
        CheckPixel(order, ipix);
        return CentreNest(order, ipix).ToRaDec();
    }

    /// <summary>Centre of a RING pixel, in degrees (RA in [0, 360)).</summary>
    public static (double RaDeg, double DecDeg) Pix2AngRing(int nside, long ipix)
    {
        int order = OrderOf(nside);
        CheckPixel(order, ipix);
        return CentreRing(order, ipix).ToRaDec();
    }

    /// <summary>Converts a NESTED index to the RING index of the same pixel.</summary>
    public static long Nest2Ring(int nside, long ipix)
    {
        int order = OrderOf(nside);
        CheckPixel(order, ipix);
        NestToXyf(order, ipix, out int ix, out int iy, out int face);
        return XyfToRing(order, ix, iy, face);
    }

    /// <summary>Converts a RING index to the NESTED index of the same pixel.</summary>
    public static long Ring2Nest(int nside, long ipix)
    {
        int order = OrderOf(nside);
        CheckPixel(order, ipix);
        RingToXyf(order, ipix, out int ix, out int iy, out int face);
        return XyfToNest(order, ix, iy, face);
    }

    /// <summary>
    /// Writes the 8 NESTED neighbours of a pixel in healpy order (SW, W, NW, N, NE, E, SE, S) into
    /// <paramref name="neighbours"/> (length at least 8); -1 where a neighbour does not exist
    /// (the 8 pixels touching a corner where only three base faces meet have 7 neighbours).
    /// </summary>
    public static void NeighboursNest(int nside, long ipix, Span<long> neighbours)
    {
        int order = OrderOf(nside);
        CheckPixel(order, ipix);
        if (neighbours.Length < 8) throw new ArgumentException("need room for 8 neighbours", nameof(neighbours));
        NestToXyf(order, ipix, out int ix, out int iy, out int face);
        ReadOnlySpan<sbyte> dx = [-1, -1, 0, 1, 1, 1, 0, -1];
        ReadOnlySpan<sbyte> dy = [0, 1, 1, 1, 0, -1, -1, -1];
        for (int i = 0; i < 8; i++)
            neighbours[i] = XyfToNestWrapped(order, ix + dx[i], iy + dy[i], face);
    }

    /// <summary>
    /// Upper bound (radians) of the angular distance between a pixel centre and any point of the pixel at this
    /// nside (HEALPix <c>max_pixrad</c>).
    /// </summary>
    public static double MaxPixelRadiusRad(int nside) => MaxPixRad(OrderOf(nside));

    private static void CheckPixel(int order, long ipix)
    {
        if ((ulong)ipix >= (ulong)(12L << (2 * order)))
            throw new ArgumentOutOfRangeException(nameof(ipix), ipix, "pixel index outside 0..Npix-1");
    }
}
