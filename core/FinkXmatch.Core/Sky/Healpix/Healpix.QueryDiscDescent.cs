namespace FinkXmatch.Core.Sky;

// Disc query for larger discs: descent from the 12 base pixels, keeping a pixel while its centre is within
// radius + (max pixel radius) of the disc centre. A pixel at the target order whose centre is outside the disc is
// kept only if one of its sub-pixels two orders down passes the same test, which bounds the over-inclusion by one
// such sub-pixel radius. Distances are compared as squared chords, which stay accurate for tiny angles.
public static partial class Healpix
{
    private const int StackCapacity = 128; // 12 start pixels + 3 per level pushed ahead, depth <= 31

    // max_pixrad for orders 0..31.
    private static readonly double[] PixRads = BuildPixRads();

    internal static double MaxPixRad(int order) => PixRads[order];

    // With 1% of room, so rounding or slightly bulging pixel edges can never matter.
    internal static double MaxPixRadBound(int order) => PixRads[order] * 1.01;

    private static void AppendByDescent(int order, in SkyLocation centre, double radius, double gradient,
        List<long> result)
    {
        var (vx, vy, vz) = centre.ToVector();
        int leafOrder = Math.Min(order + 2, MaxOrder);
        Span<double> keep = stackalloc double[leafOrder + 1];   // chord^2 within which a pixel may touch the disc
        Span<double> inside = stackalloc double[leafOrder + 1]; // chord^2 within which a pixel is wholly inside
        for (int o = 0; o <= leafOrder; o++)
        {
            double r = MaxPixRadBound(o);
            keep[o] = ChordSquared(radius + r);
            inside[o] = radius > r ? ChordSquared(radius - r) : -1.0;
        }
        var disc = new Disc(vx, vy, vz, ChordSquared(radius), keep, leafOrder);

        Span<long> stackPix = stackalloc long[StackCapacity];
        Span<int> stackOrder = stackalloc int[StackCapacity];
        int top = 0;
        // Start at the finest order where the disc reaches at most the neighbours of its centre pixel (those
        // pixels cover it), or from the 12 base pixels when it is larger than that at every order.
        int startOrder = order - 1;
        while (startOrder >= 0 && Reach(startOrder, gradient, radius) >= FastPathMaxReach) startOrder--;
        if (startOrder >= 0)
        {
            Span<long> nearby = stackalloc long[9];
            int n = NearbyPixels(startOrder, centre, Reach(startOrder, gradient, radius), nearby);
            for (int i = n - 1; i >= 0; i--) { stackPix[top] = nearby[i]; stackOrder[top++] = startOrder; }
        }
        else
        {
            for (int f = 11; f >= 0; f--) { stackPix[top] = f; stackOrder[top++] = 0; }
        }
        while (top > 0)
        {
            long pix = stackPix[--top];
            int o = stackOrder[top];
            double d2 = disc.ChordSquaredTo(o, pix);
            if (d2 > keep[o]) continue;
            if (o < order)
            {
                if (d2 <= inside[o])
                {
                    int shift = 2 * (order - o);
                    for (long p = pix << shift, end = (pix + 1) << shift; p < end; p++) result.Add(p);
                    continue;
                }
                for (int i = 3; i >= 0; i--) { stackPix[top] = 4 * pix + i; stackOrder[top++] = o + 1; }
            }
            else if (d2 <= disc.RadiusChordSquared || disc.AnySubpixelNear(o, pix))
            {
                result.Add(pix);
            }
        }
    }

    private static double ChordSquared(double angle)
    {
        if (angle >= Math.PI) return 5.0; // beyond any chord^2 (at most 4)
        double c = 2.0 * Math.Sin(0.5 * angle);
        return c * c;
    }

    private readonly ref struct Disc
    {
        private readonly double _x, _y, _z;
        private readonly ReadOnlySpan<double> _keep;
        private readonly int _leafOrder;
        public readonly double RadiusChordSquared;

        public Disc(double x, double y, double z, double radiusChordSquared, ReadOnlySpan<double> keep, int leafOrder)
        {
            _x = x;
            _y = y;
            _z = z;
            RadiusChordSquared = radiusChordSquared;
            _keep = keep;
            _leafOrder = leafOrder;
        }

        public double ChordSquaredTo(int order, long pix)
        {
            var (x, y, z) = CentreNest(order, pix).ToVector();
            double dx = x - _x, dy = y - _y, dz = z - _z;
            return dx * dx + dy * dy + dz * dz;
        }

        /// <summary>Whether a sub-pixel of <paramref name="pix"/> down to the leaf order may touch the disc.</summary>
        public bool AnySubpixelNear(int order, long pix)
        {
            if (order >= _leafOrder) return true; // already passed the keep test at this order
            for (int i = 0; i < 4; i++)
            {
                long child = 4 * pix + i;
                double d2 = ChordSquaredTo(order + 1, child);
                if (d2 <= RadiusChordSquared) return true;
                if (d2 <= _keep[order + 1] && AnySubpixelNear(order + 1, child)) return true;
            }
            return false;
        }
    }

    /// <summary>
    /// HEALPix <c>max_pixrad</c>: angle from the centre of the first pixel of the z = 2/3 ring to the nearest vertex
    /// ring above it, the largest centre-to-corner distance of the grid; computed for nside = 2^order (as a double).
    /// </summary>
    private static double[] BuildPixRads()
    {
        var bounds = new double[MaxOrder + 3];
        for (int o = 0; o < bounds.Length; o++)
        {
            double nside = Math.ScaleB(1.0, o);
            var a = UnitVector(TwoThird, Math.PI / (4.0 * nside));
            double t1 = 1.0 - 1.0 / nside;
            t1 *= t1;
            var b = UnitVector(1.0 - t1 / 3.0, 0.0);
            double cx = a.Y * b.Z - a.Z * b.Y, cy = a.Z * b.X - a.X * b.Z, cz = a.X * b.Y - a.Y * b.X;
            double angle = Math.Atan2(Math.Sqrt(cx * cx + cy * cy + cz * cz), a.X * b.X + a.Y * b.Y + a.Z * b.Z);
            bounds[o] = angle;
        }
        return bounds;
    }

    private static (double X, double Y, double Z) UnitVector(double z, double phi)
    {
        double s = Math.Sqrt((1.0 - z) * (1.0 + z));
        return (s * Math.Cos(phi), s * Math.Sin(phi), z);
    }
}
