using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// The build of a small index (a job's pruned catalog: some hundreds to thousands of sources) by one sort of its
/// entries, where the general build (<see cref="Register"/>, then each pixel sorted) makes several passes over, and
/// faults in, arrays of all 196,608 nside-128 pixels: per-range counts, bucket counts, the occupied bitmap and the
/// pixel sorts (~1.4 ms of CPU for 510 sources, most of the index's time in a 75 k-source one-night job). The
/// entries come out in the same order, by fine pixel then catalog row.
/// </summary>
public sealed partial class HealpixIndex
{
    /// <summary>Catalogs up to this many sources are registered by <see cref="RegisterSmall"/>.</summary>
    internal const int SmallMaxSources = 8192;

    // Entry numbers fit below this many bits of the sort key, the fine pixel (at most order 16: 36 bits) above.
    private const int EntryBits = 27;

    /// <summary>Tests build with the general registration on their thread, to compare both.</summary>
    [ThreadStatic] internal static bool GeneralRegistrationForTests;

    private static (int[] Counts, uint[] Keys, int[] Sources, SkyVector[] Vectors, ulong[] Occupied) RegisterSmall(ReadOnlySpan<double> raDeg,
        ReadOnlySpan<double> decDeg, double radiusDeg, int fineOrder)
    {
        if (GeneralRegistrationForTests) return RegisterSorted(raDeg, decDeg, radiusDeg, fineOrder);
        var n = raDeg.Length;
        var shift = 2 * (fineOrder - Order);
        var keyMask = (1L << shift) - 1;
        var npix = (int)Healpix.Npix(Nside);
        var radius = Healpix.IntersectingRadius(radiusDeg);
        // Each entry's fine pixel (high bits) and number (low bits: entries are numbered in catalog order), and its source.
        var order = new ulong[2 * n + 16];
        var sourceOf = new int[order.Length];
        var total = 0;
        Span<long> nearby = stackalloc long[9];
        List<long>? large = null;
        for (var i = 0; i < n; i++)
        {
            var found = DiscPixels(fineOrder, raDeg[i], decDeg[i], radius, radiusDeg, nearby, ref large);
            if (order.Length - total < found.Length)
            {
                var size = Math.Max(order.Length * 2, total + found.Length);
                Array.Resize(ref order, size);
                Array.Resize(ref sourceOf, size);
            }
            foreach (var p in found)
            {
                order[total] = ((ulong)p << EntryBits) | (uint)total;
                sourceOf[total++] = i;
            }
        }
        if (total >= 1 << EntryBits) return RegisterSorted(raDeg, decDeg, radiusDeg, fineOrder);
        var sorted = order.AsSpan(0, total);
        sorted.Sort();
        var counts = new int[npix + 1];
        var occupied = new ulong[(npix + 63) / 64];
        var keys = new uint[total];
        var sources = new int[total];
        var vectors = new SkyVector[total];
        for (var k = 0; k < total; k++)
        {
            var fine = (long)(sorted[k] >> EntryBits);
            var source = sourceOf[(int)(sorted[k] & ((1UL << EntryBits) - 1))];
            var pixel = (int)(fine >> shift);
            counts[pixel + 1]++;
            occupied[pixel >> 6] |= 1UL << (pixel & 63);
            keys[k] = (uint)(fine & keyMask);
            sources[k] = source;
            vectors[k] = SkyVector.FromRaDec(raDeg[source], decDeg[source]);
        }
        for (var p = 0; p < npix; p++) counts[p + 1] += counts[p];
        return (counts, keys, sources, vectors, occupied);
    }
}
