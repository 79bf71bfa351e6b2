using System.Globalization;
using System.Text.Json;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Sky;

/// <summary>Checks against values computed with healpy 1.16.1 (tests/data/healpix, see its README).</summary>
public class HealpixReferenceTests
{
    private static IEnumerable<string[]> CsvRows(string relative) =>
        File.ReadLines(TestData.Path(relative)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Ang2Pix_EveryReferenceRow_MatchesHealpyInBothSchemes()
    {
        var failures = new List<string>();
        int rows = 0;
        foreach (var r in CsvRows("healpix/ang2pix.csv"))
        {
            rows++;
            double ra = D(r[0]), dec = D(r[1]);
            int nside = int.Parse(r[2], CultureInfo.InvariantCulture);
            long nest = long.Parse(r[3], CultureInfo.InvariantCulture), ring = long.Parse(r[4], CultureInfo.InvariantCulture);
            long gotNest = Healpix.Ang2PixNest(nside, ra, dec), gotRing = Healpix.Ang2PixRing(nside, ra, dec);
            if (gotNest != nest || gotRing != ring)
                failures.Add($"ra={r[0]} dec={r[1]} nside={nside}: nest {gotNest} (healpy {nest}), ring {gotRing} (healpy {ring})");
        }
        Assert.Equal(6 * 2014, rows);
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches:\n" + string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public void Pix2AngNest_Nside128_MatchesHealpyCentres()
    {
        int rows = 0;
        foreach (var r in CsvRows("healpix/pix2ang_nside128.csv"))
        {
            rows++;
            long pix = long.Parse(r[0], CultureInfo.InvariantCulture);
            double ra = D(r[1]), dec = D(r[2]);
            var (gotRa, gotDec) = Healpix.Pix2AngNest(128, pix);
            Assert.True(Math.Abs(gotDec - dec) <= 1e-10, $"pixel {pix}: dec {gotDec} vs {dec}");
            if (Math.Abs(dec) < 90.0 - 1e-9)
            {
                double dRa = Math.Abs(gotRa - ra) % 360.0;
                Assert.True(Math.Min(dRa, 360.0 - dRa) <= 1e-10, $"pixel {pix}: ra {gotRa} vs {ra}");
            }
            // Same centre through the RING scheme.
            var (ringRa, ringDec) = Healpix.Pix2AngRing(128, Healpix.Nest2Ring(128, pix));
            Assert.Equal(gotDec, ringDec, 12);
            Assert.Equal(gotRa, ringRa, 10);
        }
        Assert.Equal(1000, rows);
    }

    private sealed record DiscCase(double RaDeg, double DecDeg, double RadiusArcsec, int Nside, long[] Pixels);

    private static List<DiscCase> DiscCases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Path("healpix/query_disc_nside128_inclusive.json")));
        return doc.RootElement.EnumerateArray().Select(e => new DiscCase(
            e.GetProperty("ra_deg").GetDouble(), e.GetProperty("dec_deg").GetDouble(),
            e.GetProperty("radius_arcsec").GetDouble(), e.GetProperty("nside").GetInt32(),
            e.GetProperty("nested_inclusive").EnumerateArray().Select(p => p.GetInt64()).ToArray())).ToList();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void QueryDiscInclusiveNest_IsSupersetOfEveryHealpyList(bool fastPath)
    {
        var cases = DiscCases();
        Assert.Equal(214 * 5, cases.Count);
        var result = new List<long>();
        int extra = 0, expected = 0;
        foreach (var c in cases)
        {
            result.Clear();
            int n = fastPath
                ? Healpix.QueryDiscInclusiveNest(c.Nside, c.RaDeg, c.DecDeg, c.RadiusArcsec / 3600.0, result)
                : QueryDiscInclusiveBySlowPath(c.Nside, c.RaDeg, c.DecDeg, c.RadiusArcsec / 3600.0, result);
            Assert.Equal(result.Count, n);
            Assert.Equal(n, result.Distinct().Count());
            var missing = c.Pixels.Except(result).ToList();
            Assert.True(missing.Count == 0,
                $"ra={c.RaDeg} dec={c.DecDeg} r={c.RadiusArcsec}\": missing {string.Join(",", missing)}; got {string.Join(",", result)}");
            extra += n - c.Pixels.Length;
            expected += c.Pixels.Length;
        }
        Assert.True(extra < 2 * expected, $"{extra} extra pixels for {expected} healpy pixels: far too loose");
    }

    /// <summary>Same query through the hierarchical descent only (no small-disc fast path).</summary>
    internal static int QueryDiscInclusiveBySlowPath(int nside, double ra, double dec, double radiusDeg, List<long> result)
    {
        int order = Healpix.OrderOf(nside);
        double margin = Healpix.MaxPixRadBound(order + 2) + 1e-12;
        return Healpix.QueryDisc(order, SkyLocation.FromRaDec(ra, dec), radiusDeg * Math.PI / 180 + margin, result, fastPath: false);
    }
}
