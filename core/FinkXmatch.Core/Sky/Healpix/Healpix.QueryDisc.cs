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
    private static readonly double PolarCapLatitude = Math.Asin(TwoThird);

    // Fast path only while the reach stays under one pixel (where the neighbour argument holds), with room.
    private const double FastPathMaxReach = 0.9;

    /// <summary>
    /// Inclusive disc query in the NESTED scheme: appends to <paramref name="result"/> every pixel that may
    /// intersect the disc, and returns the count appended. The result is a superset of
    /// <c>healpy.query_disc(nside, vec, radius, inclusive=True, nest=True)</c> (which tests sub-pixels at 4 nside and
    /// so may add pixels up to one 4 nside pixel radius beyond the disc); order is unspecified, no duplicates.
    /// </summary>
    public static int QueryDiscInclusiveNest(int nside, double raDeg, double decDeg, double radiusDeg, List<long> result)
    {
        int order = OrderOf(nside);
        double radius = CheckRadius(radiusDeg);
        // healpy's slack at fact = 4 is one max pixel radius at 4 nside; covering it keeps the result a superset.
        double margin = MaxPixRadBound(Math.Min(order + 2, MaxOrder + 2)) + 1e-12;
        return QueryDisc(order, SkyLocation.FromRaDec(raDeg, decDeg), radius + margin, result, fastPath: true);
    }

    /// <summary>
    /// Tight disc query in the NESTED scheme: appends every pixel that may intersect the disc (never misses one),
    /// with only a rounding-level margin instead of healpy's inclusive slack, so small discs far from a pixel edge
    /// give exactly one pixel. Returns the count appended; order is unspecified, no duplicates.
    /// </summary>
    public static int QueryDiscIntersectingNest(int nside, double raDeg, double decDeg, double radiusDeg, List<long> result)
    {
        int order = OrderOf(nside);
        double radius = CheckRadius(radiusDeg);
        return QueryDisc(order, SkyLocation.FromRaDec(raDeg, decDeg), radius * (1 + 1e-12) + 1e-12, result, fastPath: true);
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
            for (long p = 0; p < npix; p++) result.Add(p);
            return result.Count - start;
        }
        int nside = 1 << order;
        double latitude = Math.Asin(Math.Clamp(centre.Z, -1.0, 1.0));
        double gradient = Math.Abs(latitude) + radius < PolarCapLatitude - 1e-9 ? EquatorialGradient : AnyGradient;
        // Rounding of the continuous coordinates is ~1e-15 nside pixel units; keep far more than that.
        double reach = gradient * nside * radius + 1e-9 + nside * 1e-13;
        if (fastPath && reach < FastPathMaxReach)
            AppendNearby(order, centre, reach, result);
        else
            AppendByDescent(order, centre, radius, result);
        return result.Count - start;
    }

    /// <summary>Centre pixel plus each neighbour whose side (or corner) lies within <paramref name="reach"/>.</summary>
    private static void AppendNearby(int order, in SkyLocation centre, double reach, List<long> result)
    {
        LocateNest(order, centre, out int face, out int ix, out int iy, out double fracX, out double fracY);
        int start = result.Count;
        result.Add(XyfToNest(order, ix, iy, face));
        int xLow = fracX <= reach ? -1 : 0, xHigh = 1.0 - fracX <= reach ? 1 : 0;
        int yLow = fracY <= reach ? -1 : 0, yHigh = 1.0 - fracY <= reach ? 1 : 0;
        if ((xLow | xHigh | yLow | yHigh) == 0) return;
        for (int dy = yLow; dy <= yHigh; dy++)
        {
            for (int dx = xLow; dx <= xHigh; dx++)
            {
                if ((dx | dy) == 0) continue;
                long pix = XyfToNestWrapped(order, ix + dx, iy + dy, face);
                if (pix >= 0 && !Contains(result, start, pix)) result.Add(pix);
            }
        }
    }

    private static bool Contains(List<long> list, int start, long value)
    {
        for (int i = start; i < list.Count; i++)
            if (list[i] == value) return true;
        return false;
    }
}
