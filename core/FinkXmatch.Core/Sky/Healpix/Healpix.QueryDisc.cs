namespace FinkXmatch.Core.Sky;

// Disc queries in the NESTED scheme.
//
// Both queries return a superset of the pixels the disc of radius R' touches, where R' is the requested radius
// plus a margin (see each method). Small discs take a fast path: the position's continuous in-face coordinates
// move by at most L * nside * (arc length) pixel units along any path on the sphere (L = the largest gradient of
// the face coordinates, see below), so every point of the disc lies within d = L * nside * R' pixel units of the
// centre in the face coordinate frame, across face edges too. When d < 1 the disc can only reach the centre
// pixel's 8 neighbours, and only those on the sides (and corners) within d of the centre. Larger discs use a
// hierarchical descent with a pixel-radius bound (Healpix.QueryDiscDescent.cs).
public static partial class Healpix
{
    // Largest gradient (pixel units per radian, per unit nside) of the continuous NESTED face coordinates.
    // Equatorial zone (jp, jm = nside (0.5 + tt -/+ 0.75 z)): sqrt((2/(pi sin t))^2 + (0.75 sin t)^2) with
    // sin t >= sqrt(5)/3, at most 1.0208. Polar caps (jp = tp * nside sqrt(3 (1 - |z|))):
    // sqrt(1.5 c^2 tp^2 + 6/(pi^2 c^2)), c = cos(t/2) in [0.913, 1], at most 1.4519 (at the pole).
    private const double EquatorialGradient = 1.025;
    private const double AnyGradient = 1.46;

    // Fast path only while the reach stays under one pixel (where the neighbour argument holds), with room.
    private const double FastPathMaxReach = 0.98;

    /// <summary>
    /// Inclusive disc query in the NESTED scheme: appends to <paramref name="result"/> every pixel that may
    /// intersect the disc, and returns the count appended. The result is a superset of
    /// <c>healpy.query_disc(nside, vec, radius, inclusive=True, nest=True)</c> (which tests sub-pixels at 4 nside and
    /// so may add pixels up to one 4 nside pixel radius beyond the disc); order is unspecified, no duplicates.
    /// That slack costs: at nside 128 a 1.5" disc gives ~2.7 pixels on average, against ~1.004 from
    /// <see cref="QueryDiscIntersectingNest"/>, which is the better choice to build a match index.
    /// </summary>
    public static int QueryDiscInclusiveNest(int nside, double raDeg, double decDeg, double radiusDeg, List<long> result)
    {
        int order = OrderOf(nside);
        double radius = CheckRadius(radiusDeg);
        // healpy's slack at fact = 4 is one max pixel radius at 4 nside; covering it keeps the result a superset.
        double margin = MaxPixRadBound(order + 2) + 1e-12;
        return QueryDisc(order, SkyLocation.FromRaDec(raDeg, decDeg), radius + margin, result, fastPath: true);
    }

    /// <summary>
    /// Tight disc query in the NESTED scheme: appends every pixel that may intersect the disc (never misses one),
    /// with only a rounding-level margin instead of healpy's inclusive slack, so small discs far from a pixel edge
    /// give exactly one pixel. Returns the count appended; order is unspecified, no duplicates.
    /// </summary>
    public static int QueryDiscIntersectingNest(int nside, double raDeg, double decDeg, double radiusDeg, List<long> result)
    {
        return QueryDisc(OrderOf(nside), SkyLocation.FromRaDec(raDeg, decDeg), IntersectingRadius(radiusDeg), result, fastPath: true);
    }

    /// <summary>The radius in radians that <see cref="QueryDiscIntersectingNest"/> queries: the requested one and a rounding margin.</summary>
    internal static double IntersectingRadius(double radiusDeg) => CheckRadius(radiusDeg) * (1 + 1e-12) + 1e-12;

    /// <summary>
    /// The pixels of <see cref="QueryDiscIntersectingNest"/> (the same ones) written to <paramref name="into"/> (room
    /// for 9) when the disc reaches no farther than the centre pixel's neighbours, for an index build that queries
    /// millions of discs: no list, no argument checks (<paramref name="radius"/> from <see cref="IntersectingRadius"/>,
    /// the order valid). Returns the count, or -1 for a larger disc (the caller then asks <see cref="QueryDiscIntersectingNest"/>).
    /// </summary>
    internal static int QueryDiscIntersectingNearbyNest(int order, double raDeg, double decDeg, double radius, Span<long> into)
    {
        var centre = SkyLocation.FromRaDec(raDeg, decDeg);
        double reach = Reach(order, MaxFaceGradient(centre, radius), radius);
        return reach < FastPathMaxReach ? NearbyPixels(order, centre, reach, into) : -1;
    }

    private static double CheckRadius(double radiusDeg)
    {
        if (!(radiusDeg >= 0.0) || !double.IsFinite(radiusDeg))
            throw new ArgumentOutOfRangeException(nameof(radiusDeg), radiusDeg, "radius must be finite and >= 0");
        return radiusDeg * SkyLocation.DegToRad;
    }

    /// <summary>Appends a superset of the pixels at <paramref name="order"/> within <paramref name="radius"/> rad.</summary>
    internal static int QueryDisc(int order, in SkyLocation centre, double radius, List<long> result, bool fastPath)
    {
        int start = result.Count;
        if (radius >= Math.PI)
        {
            long npix = 12L << (2 * order);
            if (npix > Array.MaxLength)
                throw new ArgumentOutOfRangeException(nameof(radius), radius, "the disc covers more pixels than a list holds");
            for (long p = 0; p < npix; p++) result.Add(p);
            return result.Count - start;
        }
        double gradient = MaxFaceGradient(centre, radius);
        double reach = Reach(order, gradient, radius);
        if (fastPath && reach < FastPathMaxReach)
        {
            Span<long> nearby = stackalloc long[9];
            int n = NearbyPixels(order, centre, reach, nearby);
            for (int i = 0; i < n; i++) result.Add(nearby[i]);
        }
        else
        {
            AppendByDescent(order, centre, radius, gradient, result);
        }
        return result.Count - start;
    }

    /// <summary>Bound on the face-coordinate gradient over the disc: smaller when it stays off the polar caps.</summary>
    private static double MaxFaceGradient(in SkyLocation centre, double radius)
    {
        // |dz| <= arc length, so the disc stays within |z| <= |z0| + radius.
        return Math.Abs(centre.Z) + radius < TwoThird - 1e-12 ? EquatorialGradient : AnyGradient;
    }

    /// <summary>
    /// How far (in pixel units at this order) the disc can reach from its centre in face coordinates, plus room
    /// for the rounding of the continuous coordinates (~1e-15 nside pixel units).
    /// </summary>
    private static double Reach(int order, double gradient, double radius)
    {
        double nside = 1 << order;
        return gradient * nside * radius + 1e-9 + nside * 1e-13;
    }

    /// <summary>
    /// Writes the centre pixel plus each neighbour whose side (or corner) lies within <paramref name="reach"/> &lt; 1
    /// into <paramref name="into"/> (room for 9); returns the count.
    /// </summary>
    internal static int NearbyPixels(int order, in SkyLocation centre, double reach, Span<long> into)
    {
        LocateNest(order, centre, out int face, out int ix, out int iy, out double fracX, out double fracY);
        into[0] = XyfToNest(order, ix, iy, face);
        int xLow = fracX <= reach ? -1 : 0, xHigh = 1.0 - fracX <= reach ? 1 : 0;
        int yLow = fracY <= reach ? -1 : 0, yHigh = 1.0 - fracY <= reach ? 1 : 0;
        // A reach under half a pixel reaches at most one side in x and one in y: dx, dy in {-1, 0, 1}. Within the face the
        // neighbours are (dx, 0), (0, dy) and (dx, dy), written whether or not they are reached and counted only when
        // they are: no branch on which sides are near (unpredictable: ~40 % of 1.5" discs at order 14 reach one).
        int dx = xLow + xHigh, dy = yLow + yHigh;
        int nside = 1 << order;
        if (reach < 0.5 && (uint)(ix + dx) < (uint)nside && (uint)(iy + dy) < (uint)nside)
        {
            into[1] = XyfToNest(order, ix + dx, iy, face);
            int count = 1 + (dx & 1);
            into[count] = XyfToNest(order, ix, iy + dy, face);
            count += dy & 1;
            into[count] = XyfToNest(order, ix + dx, iy + dy, face);
            return count + (dx & dy & 1);
        }
        return NearbyPixelsAcrossFaces(order, face, ix, iy, xLow, xHigh, yLow, yHigh, into);
    }

    /// <summary>
    /// The neighbours of (<paramref name="ix"/>, <paramref name="iy"/>) on <paramref name="face"/> within the sides' ranges,
    /// across the face's edges too, after the pixel itself in <paramref name="into"/>[0]; returns the count. Also the
    /// reference for <see cref="NearbyPixels"/>'s path within a face (tests).
    /// </summary>
    internal static int NearbyPixelsAcrossFaces(int order, int face, int ix, int iy, int xLow, int xHigh, int yLow, int yHigh, Span<long> into)
    {
        int count = 1;
        if ((xLow | xHigh | yLow | yHigh) == 0) return count;
        for (int dy = yLow; dy <= yHigh; dy++)
        {
            for (int dx = xLow; dx <= xHigh; dx++)
            {
                if ((dx | dy) == 0) continue;
                long pix = XyfToNestWrapped(order, ix + dx, iy + dy, face);
                if (pix >= 0 && !Holds(into, count, pix)) into[count++] = pix;
            }
        }
        return count;
    }

    // A loop rather than Span.Contains: that generic method is not in the ReadyToRun image and would run, JIT-compiled
    // at its lowest tier, for every source near a pixel edge of a small catalog's index.
    private static bool Holds(Span<long> pixels, int count, long pixel)
    {
        for (int i = 0; i < count; i++)
            if (pixels[i] == pixel) return true;
        return false;
    }
}
