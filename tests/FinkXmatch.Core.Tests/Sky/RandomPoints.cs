using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Sky;

/// <summary>Random sky positions weighted towards the places HEALPix gets wrong first.</summary>
internal static class RandomPoints
{
    private const double CapBoundaryDec = 41.81031489577861; // asin(2/3)

    public static (double Ra, double Dec) Centre(Random rng, int edgeNside = 128)
    {
        double ra = 360.0 * rng.NextDouble();
        double dec = Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI;
        double sign = rng.Next(2) == 0 ? -1 : 1;
        double tiny = Math.Pow(10, -rng.Next(1, 10)) * rng.NextDouble();
        switch (rng.Next(10))
        {
            case 0: // near or at a pole
                return (ra, rng.Next(4) == 0 ? 90 * sign : sign * (90 - tiny));
            case 1: // at or near RA 0 / 360
                return (rng.Next(3) switch { 0 => 0.0, 1 => tiny, _ => 360 - tiny }, dec);
            case 2: // at or near the polar cap / equatorial boundary (z = 2/3)
                return (ra, sign * (rng.Next(3) == 0 ? CapBoundaryDec : CapBoundaryDec + (rng.NextDouble() - 0.5) * tiny));
            case 3: // on a pixel edge or corner
            {
                int face = rng.Next(12);
                double x = rng.Next(edgeNside + 1) / (double)edgeNside;
                double y = rng.Next(3) == 0 ? rng.Next(edgeNside + 1) / (double)edgeNside : rng.NextDouble();
                return rng.Next(2) == 0 ? Healpix.FacePointToAng(face, x, y) : Healpix.FacePointToAng(face, y, x);
            }
            default:
                return (ra, dec);
        }
    }
}
