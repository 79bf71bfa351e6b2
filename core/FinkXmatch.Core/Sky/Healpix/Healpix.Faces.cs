using System.Runtime.Intrinsics.X86;

namespace FinkXmatch.Core.Sky;

// Face geometry and the (x, y, face) <-> NESTED / RING index arithmetic.
public static partial class Healpix
{
    // Ring number (in units of nside) of each base face's southernmost corner, and its longitude in units of pi/4.
    private static ReadOnlySpan<byte> Jrll => [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4];
    private static ReadOnlySpan<byte> Jpll => [1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7];

    // Crossing a face edge: for each direction (index 4 + dx + 3 dy, dx/dy = -1, 0, +1 out of the face) the face
    // reached from each of the 12 faces (-1: no such face, a corner where three faces meet) ...
    private static ReadOnlySpan<sbyte> NeighbourFace =>
    [
        8, 9, 10, 11, -1, -1, -1, -1, 10, 11, 8, 9, // dx -1, dy -1
        5, 6, 7, 4, 8, 9, 10, 11, 9, 10, 11, 8, //     dx  0, dy -1
        -1, -1, -1, -1, 5, 6, 7, 4, -1, -1, -1, -1, // dx +1, dy -1
        4, 5, 6, 7, 11, 8, 9, 10, 11, 8, 9, 10, //     dx -1, dy  0
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, //       inside
        1, 2, 3, 0, 0, 1, 2, 3, 5, 6, 7, 4, //         dx +1, dy  0
        -1, -1, -1, -1, 7, 4, 5, 6, -1, -1, -1, -1, // dx -1, dy +1
        3, 0, 1, 2, 3, 0, 1, 2, 4, 5, 6, 7, //         dx  0, dy +1
        2, 3, 0, 1, -1, -1, -1, -1, 0, 1, 2, 3, //     dx +1, dy +1
    ];

    // ... and how the wrapped coordinates turn, per face row (north, equator, south): 1 flip x, 2 flip y, 4 swap.
    private static ReadOnlySpan<byte> NeighbourSwap =>
    [
        0, 0, 3,
        0, 0, 6,
        0, 0, 0,
        0, 0, 5,
        0, 0, 0,
        5, 0, 0,
        0, 0, 0,
        6, 0, 0,
        3, 0, 0,
    ];

    // The bit interleave by one BMI2 instruction where the processor has it (the same bits).
    internal static long XyfToNest(int order, int ix, int iy, int face) =>
        ((long)face << (2 * order)) + (long)(Bmi2.X64.IsSupported
            ? Bmi2.X64.ParallelBitDeposit((uint)ix, 0x5555555555555555UL) | Bmi2.X64.ParallelBitDeposit((uint)iy, 0xAAAAAAAAAAAAAAAAUL)
            : SpreadBits((uint)ix) | (SpreadBits((uint)iy) << 1));

    internal static void NestToXyf(int order, long pix, out int ix, out int iy, out int face)
    {
        face = (int)(pix >> (2 * order));
        ulong inFace = (ulong)pix & ((1UL << (2 * order)) - 1);
        ix = (int)CompactBits(inFace);
        iy = (int)CompactBits(inFace >> 1);
    }

    /// <summary>
    /// NESTED index of (ix, iy) on <paramref name="face"/> where ix, iy may be one step outside the face
    /// (-1 or nside): the pixel across the face edge, or -1 if there is none.
    /// </summary>
    internal static long XyfToNestWrapped(int order, int ix, int iy, int face)
    {
        int nside = 1 << order;
        if ((uint)ix < (uint)nside && (uint)iy < (uint)nside) return XyfToNest(order, ix, iy, face);
        int direction = 4;
        if (ix < 0) { ix += nside; direction -= 1; }
        else if (ix >= nside) { ix -= nside; direction += 1; }
        if (iy < 0) { iy += nside; direction -= 3; }
        else if (iy >= nside) { iy -= nside; direction += 3; }
        int target = NeighbourFace[direction * 12 + face];
        if (target < 0) return -1;
        int bits = NeighbourSwap[direction * 3 + (face >> 2)];
        if ((bits & 1) != 0) ix = nside - ix - 1;
        if ((bits & 2) != 0) iy = nside - iy - 1;
        if ((bits & 4) != 0) (ix, iy) = (iy, ix);
        return XyfToNest(order, ix, iy, target);
    }

    internal static long XyfToRing(int order, int ix, int iy, int face)
    {
        long nside = 1L << order;
        long nl4 = 4 * nside;
        long jr = Jrll[face] * nside - ix - iy - 1;
        RingInfo(order, jr, out long startPix, out long ringPix, out bool shifted);
        long nr = ringPix >> 2;
        long kshift = shifted ? 0 : 1;
        long jp = (Jpll[face] * nr + ix - iy + 1 + kshift) / 2;
        if (jp < 1) jp += nl4;
        return startPix + jp - 1;
    }

    internal static void RingToXyf(int order, long pix, out int ix, out int iy, out int face)
    {
        long nside = 1L << order;
        long nl2 = 2 * nside;
        long ncap = 2 * nside * (nside - 1);
        long npix = 12L << (2 * order);
        long iring, iphi, kshift, nr;
        if (pix < ncap)
        {
            iring = (1 + ISqrt(1 + 2 * pix)) >> 1;
            iphi = pix + 1 - 2 * iring * (iring - 1);
            kshift = 0;
            nr = iring;
            face = (int)((iphi - 1) / nr);
        }
        else if (pix < npix - ncap)
        {
            long ip = pix - ncap;
            long tmp = ip >> (order + 2);
            iring = tmp + nside;
            iphi = ip - tmp * 4 * nside + 1;
            kshift = (iring + nside) & 1;
            nr = nside;
            long ire = tmp + 1, irm = nl2 + 1 - tmp;
            long ifm = (iphi - (ire >> 1) + nside - 1) >> order;
            long ifp = (iphi - (irm >> 1) + nside - 1) >> order;
            face = (int)(ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8));
        }
        else
        {
            long ip = npix - pix;
            iring = (1 + ISqrt(2 * ip - 1)) >> 1;
            iphi = 4 * iring + 1 - (ip - 2 * iring * (iring - 1));
            kshift = 0;
            nr = iring;
            iring = 2 * nl2 - iring;
            face = (int)((iphi - 1) / nr) + 8;
        }
        long irt = iring - (2 + (face >> 2)) * nside + 1;
        long ipt = 2 * iphi - Jpll[face] * nr - kshift - 1;
        if (ipt >= nl2) ipt -= 8 * nside;
        ix = (int)((ipt - irt) >> 1);
        iy = (int)((-ipt - irt) >> 1);
    }

    /// <summary>First pixel, pixel count and shift of a ring (1..4 nside - 1) in the RING scheme.</summary>
    private static void RingInfo(int order, long ring, out long startPix, out long ringPix, out bool shifted)
    {
        long nside = 1L << order;
        if (ring < nside)
        {
            shifted = true;
            ringPix = 4 * ring;
            startPix = 2 * ring * (ring - 1);
        }
        else if (ring < 3 * nside)
        {
            shifted = ((ring - nside) & 1) == 0;
            ringPix = 4 * nside;
            startPix = 2 * nside * (nside - 1) + (ring - nside) * ringPix;
        }
        else
        {
            shifted = true;
            long nr = 4 * nside - ring;
            ringPix = 4 * nr;
            startPix = (12L << (2 * order)) - 2 * nr * (nr + 1);
        }
    }

    /// <summary>Integer square root (floor) of a non-negative value, exact over the whole long range used here.</summary>
    private static long ISqrt(long value)
    {
        long r = (long)Math.Sqrt(value + 0.5);
        while (r * r > value) r--;
        while ((r + 1) * (r + 1) <= value) r++;
        return r;
    }

    /// <summary>Puts the bits of v on the even bit positions (bit i to bit 2i).</summary>
    private static ulong SpreadBits(uint v)
    {
        ulong x = v;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFUL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFUL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FUL;
        x = (x | (x << 2)) & 0x3333333333333333UL;
        x = (x | (x << 1)) & 0x5555555555555555UL;
        return x;
    }

    /// <summary>Inverse of <see cref="SpreadBits"/>: gathers the even bit positions.</summary>
    private static uint CompactBits(ulong x)
    {
        x &= 0x5555555555555555UL;
        x = (x | (x >> 1)) & 0x3333333333333333UL;
        x = (x | (x >> 2)) & 0x0F0F0F0F0F0F0F0FUL;
        x = (x | (x >> 4)) & 0x00FF00FF00FF00FFUL;
        x = (x | (x >> 8)) & 0x0000FFFF0000FFFFUL;
        x = (x | (x >> 16)) & 0x00000000FFFFFFFFUL;
        return (uint)x;
    }
}
