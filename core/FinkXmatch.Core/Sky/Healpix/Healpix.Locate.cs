namespace FinkXmatch.Core.Sky;

// Position -> pixel, following HEALPix C++ T_Healpix_Base::loc2pix operation by operation (same doubles).
public static partial class Healpix
{
    private const double TwoThird = 2.0 / 3.0;

    /// <summary>
    /// Face and in-face pixel (ix, iy) of a position in the NESTED layout, plus where the position sits inside that
    /// pixel: <paramref name="fracX"/>, <paramref name="fracY"/> = distance to the pixel's low-x / low-y edge in pixel
    /// units (nominally [0, 1]; slightly outside when the C++ clamp at a face edge applies).
    /// </summary>
    internal static void LocateNest(int order, in SkyLocation loc, out int face, out int ix, out int iy,
        out double fracX, out double fracY)
    {
        int nside = 1 << order;
        double z = loc.Z, tt = loc.Tt;
        double za = Math.Abs(z);
        if (za <= TwoThird)
        {
            double temp1 = nside * (0.5 + tt);
            double temp2 = nside * (z * 0.75);
            double jpc = temp1 - temp2; // ascending edge line coordinate
            double jmc = temp1 + temp2; // descending edge line coordinate
            long jp = (long)jpc, jm = (long)jmc;
            long ifp = jp >> order, ifm = jm >> order;
            face = (int)(ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8));
            ix = (int)(jm & (nside - 1));
            iy = nside - (int)(jp & (nside - 1)) - 1;
            fracX = jmc - jm;
            fracY = 1.0 - (jpc - jp);
        }
        else
        {
            int ntt = Math.Min(3, (int)tt);
            double tp = tt - ntt;
            double tmp = za < 0.99 || !loc.HaveSth
                ? nside * Math.Sqrt(3 * (1 - za))
                : nside * loc.Sth / Math.Sqrt((1.0 + za) / 3.0);
            double jpc = tp * tmp;
            double jmc = (1.0 - tp) * tmp;
            long jp = Math.Min((long)jpc, nside - 1); // clamp: points on the face edge
            long jm = Math.Min((long)jmc, nside - 1);
            if (z >= 0)
            {
                face = ntt;
                ix = nside - (int)jm - 1;
                iy = nside - (int)jp - 1;
                fracX = 1.0 - (jmc - jm);
                fracY = 1.0 - (jpc - jp);
            }
            else
            {
                face = ntt + 8;
                ix = (int)jp;
                iy = (int)jm;
                fracX = jpc - jp;
                fracY = jmc - jm;
            }
        }
    }

    /// <summary>RING index of a position.</summary>
    internal static long LocateRing(int order, in SkyLocation loc)
    {
        long nside = 1L << order;
        double z = loc.Z, tt = loc.Tt;
        double za = Math.Abs(z);
        if (za <= TwoThird)
        {
            long nl4 = 4 * nside;
            double temp1 = nside * (0.5 + tt);
            double temp2 = nside * z * 0.75;
            long jp = (long)(temp1 - temp2);
            long jm = (long)(temp1 + temp2);
            long ir = nside + 1 + jp - jm; // ring counted from z = 2/3, in 1..2 nside + 1
            long kshift = 1 - (ir & 1);
            long t1 = jp + jm - nside + kshift + 1 + nl4 + nl4;
            long ip = (t1 >> 1) & (nl4 - 1);
            return 2 * nside * (nside - 1) + (ir - 1) * nl4 + ip;
        }
        else
        {
            double tp = tt - (long)tt;
            double tmp = za < 0.99 || !loc.HaveSth
                ? nside * Math.Sqrt(3 * (1 - za))
                : nside * loc.Sth / Math.Sqrt((1.0 + za) / 3.0);
            long jp = (long)(tp * tmp);
            long jm = (long)((1.0 - tp) * tmp);
            long ir = jp + jm + 1; // ring counted from the closest pole
            long ip = (long)(tt * ir);
            return z > 0 ? 2 * ir * (ir - 1) + ip : (12L << (2 * order)) - 2 * ir * (ir + 1) + ip;
        }
    }

    /// <summary>Centre of a NESTED pixel (C++ <c>pix2loc</c>, NEST branch).</summary>
    internal static PixelCentre CentreNest(int order, long pix)
    {
        long nside = 1L << order;
        double fact2 = 4.0 / (12L << (2 * order));
        double fact1 = (nside << 1) * fact2;
        NestToXyf(order, pix, out int ix, out int iy, out int face);
        long jr = ((long)Jrll[face] << order) - ix - iy - 1;
        long nr;
        double z, sth = 0.0;
        bool haveSth = false;
        if (jr < nside)
        {
            nr = jr;
            double tmp = (nr * nr) * fact2;
            z = 1 - tmp;
            if (z > 0.99) { sth = Math.Sqrt(tmp * (2.0 - tmp)); haveSth = true; }
        }
        else if (jr > 3 * nside)
        {
            nr = nside * 4 - jr;
            double tmp = (nr * nr) * fact2;
            z = tmp - 1;
            if (z < -0.99) { sth = Math.Sqrt(tmp * (2.0 - tmp)); haveSth = true; }
        }
        else
        {
            nr = nside;
            z = (2 * nside - jr) * fact1;
        }
        long t = Jpll[face] * nr + ix - iy;
        if (t < 0) t += 8 * nr;
        else if (t >= 8 * nr) t -= 8 * nr;
        double phi = nr == nside
            ? 0.75 * SkyLocation.HalfPi * t * fact1
            : 0.5 * SkyLocation.HalfPi * t / nr;
        return new PixelCentre(z, phi, sth, haveSth);
    }

    /// <summary>Centre of a RING pixel (C++ <c>pix2loc</c>, RING branch).</summary>
    internal static PixelCentre CentreRing(int order, long pix)
    {
        long nside = 1L << order;
        long npix = 12L << (2 * order);
        long ncap = 2 * nside * (nside - 1);
        double fact2 = 4.0 / npix;
        double fact1 = (nside << 1) * fact2;
        if (pix < ncap)
        {
            long iring = (1 + ISqrt(1 + 2 * pix)) >> 1;
            long iphi = pix + 1 - 2 * iring * (iring - 1);
            double tmp = (iring * iring) * fact2;
            double z = 1.0 - tmp;
            bool haveSth = z > 0.99;
            double sth = haveSth ? Math.Sqrt(tmp * (2.0 - tmp)) : 0.0;
            return new PixelCentre(z, (iphi - 0.5) * SkyLocation.HalfPi / iring, sth, haveSth);
        }
        if (pix < npix - ncap)
        {
            long nl4 = 4 * nside;
            long ip = pix - ncap;
            long tmp = ip >> (order + 2);
            long iring = tmp + nside;
            long iphi = ip - nl4 * tmp + 1;
            double fodd = ((iring + nside) & 1) != 0 ? 1 : 0.5;
            double z = (2 * nside - iring) * fact1;
            return new PixelCentre(z, (iphi - fodd) * Math.PI * 0.75 * fact1, 0.0, false);
        }
        else
        {
            long ip = npix - pix;
            long iring = (1 + ISqrt(2 * ip - 1)) >> 1;
            long iphi = 4 * iring + 1 - (ip - 2 * iring * (iring - 1));
            double tmp = (iring * iring) * fact2;
            double z = tmp - 1.0;
            bool haveSth = z < -0.99;
            double sth = haveSth ? Math.Sqrt(tmp * (2.0 - tmp)) : 0.0;
            return new PixelCentre(z, (iphi - 0.5) * SkyLocation.HalfPi / iring, sth, haveSth);
        }
    }
}
