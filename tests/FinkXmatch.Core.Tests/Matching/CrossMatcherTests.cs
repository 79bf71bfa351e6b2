using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Tests.Matching;

public class CrossMatcherTests
{
    public static TheoryData<double, MatchMode> Cases()
    {
        var data = new TheoryData<double, MatchMode>();
        foreach (var r in new[] { 0.5, 1.5, 60, 3600 })
        {
            data.Add(r, MatchMode.Nearest);
            data.Add(r, MatchMode.All);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Indexed_matcher_equals_brute_force(double radiusArcsec, MatchMode mode)
    {
        var rng = new Random(20261124 + (int)radiusArcsec);
        var (srcRa, srcDec) = Sources(rng, 400);
        var (alertRa, alertDec) = AlertsNear(rng, srcRa, srcDec, 3000, radiusArcsec);

        var index = HealpixIndex.Build(srcRa, srcDec, radiusArcsec);
        var matches = new List<AlertMatch>();
        new CrossMatcher(index, mode).Match(alertRa, alertDec, matches);
        var expected = BruteForceMatcher.Match(alertRa, alertDec, srcRa, srcDec, radiusArcsec, mode);

        Assert.True(expected.Count > 100, $"the test data should produce matches, got {expected.Count}");
        var actual = matches.OrderBy(m => m.AlertRow).ThenBy(m => m.SourceIndex).ToList();
        var reference = expected.OrderBy(m => m.AlertRow).ThenBy(m => m.SourceIndex).ToList();
        Assert.Equal(reference.Select(m => (m.AlertRow, m.SourceIndex)), actual.Select(m => (m.AlertRow, m.SourceIndex)));
        for (var i = 0; i < reference.Count; i++)
            Assert.True(Math.Abs(reference[i].SeparationArcsec - actual[i].SeparationArcsec) <= 1e-9,
                $"separation {actual[i].SeparationArcsec} vs reference {reference[i].SeparationArcsec}");
    }

    [Fact]
    public void Nearest_keeps_the_closer_of_two_sources_and_all_keeps_both()
    {
        double[] srcRa = [10.0, 10.0 + 1.0 / 3600];
        double[] srcDec = [20.0, 20.0];
        double[] alertRa = [10.0 + 0.8 / 3600];
        double[] alertDec = [20.0];
        var index = HealpixIndex.Build(srcRa, srcDec, 1.5);

        var nearest = new List<AlertMatch>();
        new CrossMatcher(index, MatchMode.Nearest).Match(alertRa, alertDec, nearest);
        var all = new List<AlertMatch>();
        new CrossMatcher(index, MatchMode.All).Match(alertRa, alertDec, all);

        var only = Assert.Single(nearest);
        Assert.Equal(1, only.SourceIndex);
        // 0.2 arcsec in RA at dec 20 is 0.2 * cos(20°) on the sky.
        Assert.Equal(0.2 * Math.Cos(20 * Math.PI / 180), only.SeparationArcsec, 1e-9);
        Assert.Equal([0, 1], all.Select(m => m.SourceIndex).Order());
    }

    [Fact]
    public void A_pair_exactly_at_the_radius_is_not_a_match()
    {
        // The radius is set to the pair's own separation: strict < must reject it, a hair more must accept it.
        var sep = SkyVector.FromRaDec(45.0, 0.01).AngleTo(SkyVector.FromRaDec(45.0, 0.0)) * SkyVector.ArcsecPerRadian;
        Assert.Equal(36.0, sep, 1e-9);
        var atRadius = new List<AlertMatch>();
        new CrossMatcher(HealpixIndex.Build([45.0], [0.0], sep), MatchMode.All).Match([45.0], [0.01], atRadius);
        var beyond = new List<AlertMatch>();
        new CrossMatcher(HealpixIndex.Build([45.0], [0.0], sep * (1 + 1e-12)), MatchMode.All).Match([45.0], [0.01], beyond);
        Assert.Empty(atRadius);
        Assert.Single(beyond);
    }

    [Fact]
    public void Non_finite_alert_positions_are_skipped()
    {
        var index = HealpixIndex.Build([0.0], [0.0], 10);
        var matches = new List<AlertMatch>();
        new CrossMatcher(index, MatchMode.All).Match([double.NaN, 0.0, 0.0], [0.0, double.PositiveInfinity, 0.0], matches);
        Assert.Equal(2, Assert.Single(matches).AlertRow);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(3600.0001)]
    [InlineData(double.NaN)]
    public void Radius_outside_the_limits_is_rejected(double radius) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HealpixIndex.Build([0.0], [0.0], radius));

    // Sources over the whole sky, with some placed on the hard spots: both poles, RA 0/360, the z = 2/3 boundary.
    private static (double[] Ra, double[] Dec) Sources(Random rng, int n)
    {
        var ra = new double[n];
        var dec = new double[n];
        for (var i = 0; i < n; i++)
        {
            ra[i] = rng.NextDouble() * 360;
            dec[i] = Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI;
        }
        (ra[0], dec[0]) = (0.0, 90.0);
        (ra[1], dec[1]) = (123.0, -90.0);
        (ra[2], dec[2]) = (0.0, 12.0);
        (ra[3], dec[3]) = (359.99999999, 12.0);
        (ra[4], dec[4]) = (180.0, 41.8103149);
        (ra[5], dec[5]) = (90.0, -41.8103149);
        (ra[6], dec[6]) = (10.0, 89.9999);
        (ra[7], dec[7]) = (0.0001, -89.99);
        return (ra, dec);
    }

    // Alerts scattered around sources at up to 1.5 radii (so that roughly half match), plus uniform background.
    private static (double[] Ra, double[] Dec) AlertsNear(Random rng, double[] srcRa, double[] srcDec, int n, double radiusArcsec)
    {
        var ra = new double[n];
        var dec = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (i % 5 == 4)
            {
                ra[i] = rng.NextDouble() * 360;
                dec[i] = Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI;
                continue;
            }
            var s = rng.Next(srcRa.Length);
            var offsetDeg = rng.NextDouble() * 1.5 * radiusArcsec / 3600;
            var angle = rng.NextDouble() * 2 * Math.PI;
            (ra[i], dec[i]) = Offset(srcRa[s], srcDec[s], offsetDeg, angle);
        }
        return (ra, dec);
    }

    // Moves (ra, dec) by an angular distance along a position angle, on the sphere (destination-point formula).
    internal static (double Ra, double Dec) Offset(double raDeg, double decDeg, double distDeg, double angle)
    {
        const double rad = Math.PI / 180;
        var dec1 = decDeg * rad;
        var d = distDeg * rad;
        var dec2 = Math.Asin(Math.Clamp(Math.Sin(dec1) * Math.Cos(d) + Math.Cos(dec1) * Math.Sin(d) * Math.Cos(angle), -1, 1));
        var ra2 = raDeg * rad + Math.Atan2(Math.Sin(angle) * Math.Sin(d) * Math.Cos(dec1), Math.Cos(d) - Math.Sin(dec1) * Math.Sin(dec2));
        var raOut = ra2 / rad % 360;
        if (raOut < 0) raOut += 360;
        if (raOut >= 360) raOut -= 360;
        return (raOut, dec2 / rad);
    }
}
