using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// The build of an index of up to <see cref="SmallMaxSources"/> sources (a job's pruned catalog: some hundreds to
/// thousands of sources; a whole catalog of 75 k sources, which one core builds anyway) by one sort of its entries,
/// where the general build (<see cref="Register"/>, then each pixel sorted) makes several passes over, and faults in,
/// arrays of all 196,608 nside-128 pixels: per-range counts, bucket counts, entries by bucket then by pixel, the
/// occupied bitmap and the pixel sorts (~1.4 ms of CPU for 510 sources, most of the index's time in a 75 k-source
/// one-night job). The entries come out in the same order, by fine pixel then catalog row.
/// </summary>
public sealed partial class HealpixIndex
{
    /// <summary>
    /// Catalogs up to this many sources are registered by <see cref="RegisterSmall"/>: the general build splits larger
    /// ones between the cores (<see cref="CoreRanges"/>: two ranges from 131,072 sources).
    /// </summary>
    internal const int SmallMaxSources = 2 * CoreRanges.MinItemsPerRange - 1;

    // Entry numbers fit below this many bits of the sort key, the fine pixel (at most order 16: 36 bits) above.
    private const int EntryBits = 27;

    /// <summary>Tests build with the general registration on their thread, to compare both.</summary>
    [ThreadStatic] internal static bool GeneralRegistrationForTests;

    private static Registration RegisterSmall(ReadOnlySpan<double> raDeg,
        ReadOnlySpan<double> decDeg, double radiusDeg, int fineOrder, bool withVectors)
    {
        if (GeneralRegistrationForTests) return RegisterGeneral(raDeg, decDeg, radiusDeg, fineOrder, withVectors);
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
        if (total >= 1 << EntryBits) return RegisterGeneral(raDeg, decDeg, radiusDeg, fineOrder, withVectors);
        var sorted = EntryOrder.Sort(order.AsSpan(0, total), EntryBits, EntryBits + FinePixelBits(fineOrder));
        var counts = new int[npix + 1];
        // Written all over by the running sum below (192 pages): mapped at once rather than a fault per page.
        FinkXmatch.Core.Os.FreshPages.Populate(counts.AsSpan());
        var occupied = new ulong[(npix + 63) / 64];
        var keys = new uint[total];
        var sources = new int[total];
        var vectors = withVectors ? new SkyVector[total] : [];
        for (var k = 0; k < total; k++)
        {
            var fine = (long)(sorted[k] >> EntryBits);
            var source = sourceOf[(int)(sorted[k] & ((1UL << EntryBits) - 1))];
            var pixel = (int)(fine >> shift);
            counts[pixel + 1]++;
            occupied[pixel >> 6] |= 1UL << (pixel & 63);
            keys[k] = (uint)(fine & keyMask);
            sources[k] = source;
            if (withVectors) vectors[k] = SkyVector.FromRaDec(raDeg[source], decDeg[source]);
        }
        // The running sum in a register: through memory each addition waited for the store before it (~13 % of this method).
        var sum = 0;
        for (var p = 1; p <= npix; p++) counts[p] = sum += counts[p];
        return new Registration(counts, keys, sources, vectors, occupied);
    }

    // Bits of a fine pixel number at this order: 12 x 4^order pixels.
    private static int FinePixelBits(int fineOrder) => 4 + 2 * fineOrder;
}
