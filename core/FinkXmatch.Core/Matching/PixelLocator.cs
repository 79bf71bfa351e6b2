using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// The matcher's ang2pix: the NESTED pixel at a fixed order of a position already known to be valid (finite RA,
/// Dec in [-90, 90]). The same operations, so the same doubles and pixels, as <see cref="Healpix.Ang2PixNest"/>
/// (HEALPix C++ <c>loc2pix</c>), flattened into one method without re-validating nside or the position per call,
/// and with the bit interleave done by one BMI2 instruction where the processor has it. One call at the fine order
/// gives the nside-128 pixel too: NESTED indices of a finer order shifted right by two bits per order are the
/// coarser pixel's (the in-face coordinates are floor(2^k x), and nside scales by a power of two).
/// </summary>
internal static class PixelLocator
{
    private const double TwoThird = 2.0 / 3.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Ang2PixNest(int order, double raDeg, double decDeg)
    {
        // SkyLocation.FromRaDec, without its argument checks.
        double theta = Math.Clamp(Math.PI / 2.0 - decDeg * SkyLocation.DegToRad, 0.0, Math.PI);
        double tt = SkyLocation.FModulo(SkyLocation.WrapRa(raDeg) * SkyLocation.DegToRad * SkyLocation.InvHalfPi, 4.0);
        double z = Math.Cos(theta);
        int nside = 1 << order;
        double za = Math.Abs(z);
        int face, ix, iy;
        if (za <= TwoThird)
        {
            double temp1 = nside * (0.5 + tt);
            double temp2 = nside * (z * 0.75);
            long jp = (long)(temp1 - temp2), jm = (long)(temp1 + temp2);
            long ifp = jp >> order, ifm = jm >> order;
            face = (int)(ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8));
            ix = (int)(jm & (nside - 1));
            iy = nside - (int)(jp & (nside - 1)) - 1;
        }
        else
        {
            int ntt = Math.Min(3, (int)tt);
            double tp = tt - ntt;
            // Near the poles HEALPix works from sin(theta), as FromRaDec keeps it (theta within 0.01 of a pole).
            bool haveSth = theta < 0.01 || theta > 3.14159 - 0.01;
            double tmp = za < 0.99 || !haveSth
                ? nside * Math.Sqrt(3 * (1 - za))
                : nside * Math.Sin(theta) / Math.Sqrt((1.0 + za) / 3.0);
            long jp = Math.Min((long)(tp * tmp), nside - 1);
            long jm = Math.Min((long)((1.0 - tp) * tmp), nside - 1);
            if (z >= 0)
            {
                face = ntt;
                ix = nside - (int)jm - 1;
                iy = nside - (int)jp - 1;
            }
            else
            {
                face = ntt + 8;
                ix = (int)jp;
                iy = (int)jm;
            }
        }
        if (Bmi2.X64.IsSupported)
            return ((long)face << (2 * order))
                + (long)(Bmi2.X64.ParallelBitDeposit((ulong)ix, 0x5555555555555555UL) | Bmi2.X64.ParallelBitDeposit((ulong)iy, 0xAAAAAAAAAAAAAAAAUL));
        return Healpix.XyfToNest(order, ix, iy, face);
    }
}
