using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Tests.Matching;

/// <summary>
/// The O(n×m) reference the indexed matcher is checked against, written independently of it: haversine on
/// ra/dec in degrees (no unit vectors, no HEALPix), every source compared with every alert.
/// </summary>
internal static class BruteForceMatcher
{
    public static double HaversineArcsec(double ra1, double dec1, double ra2, double dec2)
    {
        const double rad = Math.PI / 180;
        var sdDec = Math.Sin((dec2 - dec1) * rad / 2);
        var sdRa = Math.Sin((ra2 - ra1) * rad / 2);
        var h = sdDec * sdDec + Math.Cos(dec1 * rad) * Math.Cos(dec2 * rad) * sdRa * sdRa;
        // asin of sqrt is exact for small angles; clamp guards rounding just above 1 for antipodes.
        return 2 * Math.Asin(Math.Min(1, Math.Sqrt(h))) / rad * 3600;
    }

    public static List<AlertMatch> Match(double[] alertRa, double[] alertDec, double[] srcRa, double[] srcDec,
        double radiusArcsec, MatchMode mode)
    {
        var result = new List<AlertMatch>();
        for (var a = 0; a < alertRa.Length; a++)
        {
            var best = -1;
            var bestSep = double.MaxValue;
            for (var s = 0; s < srcRa.Length; s++)
            {
                var sep = HaversineArcsec(alertRa[a], alertDec[a], srcRa[s], srcDec[s]);
                if (!(sep < radiusArcsec)) continue;
                if (mode == MatchMode.All) result.Add(new AlertMatch(a, s, sep));
                else if (sep < bestSep) (best, bestSep) = (s, sep);
            }
            if (mode == MatchMode.Nearest && best >= 0) result.Add(new AlertMatch(a, best, bestSep));
        }
        return result;
    }
}
