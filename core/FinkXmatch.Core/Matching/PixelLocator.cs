using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// The matcher's ang2pix: the NESTED pixel at a fixed order of a position already known to be valid (finite RA,
/// Dec in [-90, 90]), with the same operations, so the same doubles and pixels, as <see cref="Healpix.Ang2PixNest"/>
/// but without re-validating nside per call. One call at the fine order gives the nside-128 pixel too: NESTED
/// indices of a finer order shifted right by two bits per order are the coarser pixel's (exactly: the in-face
/// coordinates are floor(2^k x) and nside scales by a power of two).
/// </summary>
internal static class PixelLocator
{
    public static long Ang2PixNest(int order, double raDeg, double decDeg)
    {
        var loc = SkyLocation.FromRaDec(raDeg, decDeg);
        Healpix.LocateNest(order, loc, out var face, out var ix, out var iy, out _, out _);
        return Healpix.XyfToNest(order, ix, iy, face);
    }
}
