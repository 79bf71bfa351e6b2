using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// Where some alerts are, dilated by the match radius: a bitmap of the HEALPix NESTED cells at <see cref="Order"/>
/// that an alert's disc of the radius touches (<see cref="Healpix.QueryDiscIntersectingNearbyNest"/>, the index
/// build's query: never misses a touched cell). A source within the radius of an alert lies in that alert's disc, so
/// its own cell is marked: a source whose cell is not marked can match none of these alerts, and a catalog's index
/// may leave it out (<see cref="Survivors"/>). Alerts may be added from several threads at once.
/// </summary>
public sealed class AlertReach
{
    /// <summary>The finest order used (cells of ~1.7′; 50 M cells, a 6 MiB bitmap).</summary>
    public const int MaxOrder = 11;

    private readonly ulong[] _bits;
    private readonly double _radius;      // radians, with the disc query's rounding margin
    private readonly double _reach;       // pixel units at Order: an alert farther than this from its cell's sides marks only its cell
    private long _alerts;

    public AlertReach(double radiusArcsec)
    {
        if (!(radiusArcsec > 0 && radiusArcsec <= MatchLimits.MaxRadiusArcsec))
            throw new ArgumentOutOfRangeException(nameof(radiusArcsec), radiusArcsec, MatchLimits.RadiusMessage);
        RadiusArcsec = radiusArcsec;
        Order = OrderFor(radiusArcsec);
        _radius = Healpix.IntersectingRadius(radiusArcsec / 3600.0);
        // The disc query's bound (Healpix.QueryDisc.cs): face coordinates move at most 1.46 nside pixel units per radian,
        // plus a generous rounding margin.
        _reach = 1.46 * (1 << Order) * _radius + 1e-6;
        _bits = new ulong[(12L << (2 * Order)) / 64];
    }

    public double RadiusArcsec { get; }

    /// <summary>HEALPix order of the cells (<see cref="MaxOrder"/>, coarser for radii too large for a cell's neighbours).</summary>
    public int Order { get; }

    /// <summary>Alerts added with a valid position.</summary>
    public long Alerts => Interlocked.Read(ref _alerts);

    /// <summary>
    /// The finest order at most <see cref="MaxOrder"/> where a disc of the radius reaches no farther than its cell's
    /// neighbours (the disc query's fast path, no list): order 11 up to ~60″, order 5 at 3,600″.
    /// </summary>
    internal static int OrderFor(double radiusArcsec)
    {
        // The largest face-coordinate gradient (Healpix.QueryDisc.cs, 1.46) times nside times the radius stays under
        // the fast path's 0.98 pixel with room for the rounding margin.
        var radius = radiusArcsec / SkyVector.ArcsecPerRadian;
        var order = MaxOrder;
        while (order > 0 && 1.46 * (1 << order) * radius >= 0.95) order--;
        return order;
    }

    /// <summary>
    /// Marks the cells reached by the alerts at (raDeg[i], decDeg[i]); positions that are not finite or off the sphere
    /// (a null read as NaN) are nowhere and mark nothing. Safe to call from several threads at once.
    /// </summary>
    // Run once or a few times per process over many rows: compiled optimized from the first call (the first tier, without
    // inlining, ran several times slower for the whole of a short job).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg)
    {
        if (raDeg.Length != decDeg.Length) throw new ArgumentException("ra and dec differ in length");
        Span<long> cells = stackalloc long[9];
        List<long>? large = null;
        long added = 0;
        for (var i = 0; i < raDeg.Length; i++)
        {
            double ra = raDeg[i], dec = decDeg[i];
            if (!double.IsFinite(ra) || !(dec >= -90.0 && dec <= 90.0)) continue;
            added++;
            // Most alerts lie farther from their cell's sides than the disc reaches: their cell alone, from one ang2pix.
            var own = PixelLocator.Ang2PixNest(Order, ra, dec, out var edge);
            if (edge > _reach)
            {
                Mark(own);
                continue;
            }
            var count = Healpix.QueryDiscIntersectingNearbyNest(Order, ra, dec, _radius, cells);
            if (count >= 0)
            {
                foreach (var cell in cells[..count]) Mark(cell);
                continue;
            }
            // Not met with the order chosen above; kept so that the bitmap stays conservative whatever the disc.
            (large ??= []).Clear();
            Healpix.QueryDiscIntersectingNest(1 << Order, ra, dec, RadiusArcsec / 3600.0, large);
            foreach (var cell in CollectionsMarshal.AsSpan(large)) Mark(cell);
        }
        Interlocked.Add(ref _alerts, added);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Mark(long cell)
    {
        ref var word = ref _bits[cell >> 6];
        var bit = 1UL << (int)(cell & 63);
        // Bits are only ever set: a set bit read without the lock is set for good, and most cells are met again.
        if ((Volatile.Read(ref word) & bit) == 0) Interlocked.Or(ref word, bit);
    }

    /// <summary>Share of the sky's cells marked (0..1).</summary>
    public double MarkedShare
    {
        get
        {
            long set = 0;
            foreach (var word in _bits) set += System.Numerics.BitOperations.PopCount(word);
            return (double)set / (_bits.LongLength * 64);
        }
    }

    /// <summary>Whether the cell of the position (a valid one) is marked: a source there may match an alert.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Reaches(double raDeg, double decDeg)
    {
        var cell = PixelLocator.Ang2PixNest(Order, raDeg, decDeg);
        return (_bits[cell >> 6] & (1UL << (int)(cell & 63))) != 0;
    }

    /// <summary>
    /// The rows of the sources at (raDeg[i], decDeg[i]) whose cell is marked, ascending: every source that can lie
    /// within the radius of an alert added. Sources with an invalid position (none in a loaded catalog) are kept, so
    /// that the index decides about them as before. Each core takes a range of the catalog.
    /// </summary>
    public int[] Survivors(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg)
    {
        if (raDeg.Length != decDeg.Length) throw new ArgumentException("ra and dec differ in length");
        var n = raDeg.Length;
        var ranges = CoreRanges.Count(n);
        var kept = new int[ranges][];
        var keptCount = new int[ranges];
        unsafe
        {
            fixed (double* raAt = raDeg, decAt = decDeg)
            {
                nint ra = (nint)raAt, dec = (nint)decAt;
                CoreRanges.Run(n, ranges, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (r, first, end) =>
                {
                    // Grown as needed: survivors are usually a small share of the catalog.
                    var rows = new int[Math.Min(end - first, 1 << 16)];
                    var count = 0;
                    for (var i = first; i < end; i++)
                    {
                        double sourceRa = ((double*)ra)[i], sourceDec = ((double*)dec)[i];
                        if (double.IsFinite(sourceRa) && sourceDec >= -90.0 && sourceDec <= 90.0 && !Reaches(sourceRa, sourceDec)) continue;
                        if (count == rows.Length) Array.Resize(ref rows, Math.Min(end - first, 2 * rows.Length));
                        rows[count++] = i;
                    }
                    kept[r] = rows;
                    keptCount[r] = count;
                });
            }
        }
        var survivors = GC.AllocateUninitializedArray<int>(keptCount.Sum());
        var at = 0;
        for (var r = 0; r < ranges; r++)
        {
            kept[r].AsSpan(0, keptCount[r]).CopyTo(survivors.AsSpan(at));
            at += keptCount[r];
        }
        return survivors;
    }
}
