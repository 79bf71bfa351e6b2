using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Sky;

public class SeparationTests
{
    private const double Mas = 1.0 / 3_600_000.0;
    private const double DegToRad = Math.PI / 180.0;

    /// <summary>
    /// Independent reference for small and medium separations: the haversine formula, well conditioned away from
    /// 180 degrees (there asin of ~1 loses precision).
    /// </summary>
    private static double HaversineArcsec(double ra1, double dec1, double ra2, double dec2)
    {
        var sinHalfDdec = Math.Sin((dec2 - dec1) * DegToRad / 2);
        var sinHalfDra = Math.Sin((ra2 - ra1) * DegToRad / 2);
        var h = sinHalfDdec * sinHalfDdec + Math.Cos(dec1 * DegToRad) * Math.Cos(dec2 * DegToRad) * sinHalfDra * sinHalfDra;
        return 2 * Math.Asin(Math.Sqrt(h)) / DegToRad * 3600;
    }

    [Fact]
    public void SamePointIsZero()
    {
        Assert.Equal(0.0, Separation.Arcsec(123.456, -45.678, 123.456, -45.678));
        Assert.Equal(0.0, Separation.Arcsec(0, 90, 0, 90));
        Assert.Equal(0.0, Separation.Arcsec(0, 90, 200, 90)); // the pole is one point whatever the RA
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(30.0)]
    [InlineData(-45.0)]
    [InlineData(60.0)]
    [InlineData(89.9)]
    [InlineData(89.9999)]
    [InlineData(-89.9999999)]
    public void OneMilliarcsecondInDeclination(double dec)
    {
        var dec2 = dec + Mas;
        // The offset actually represented by the two doubles (their difference is exact).
        var expectedMas = (dec2 - dec) * 3_600_000.0;
        Assert.Equal(1.0, expectedMas, 1e-6);
        var sep = Separation.Arcsec(150.0, dec, 150.0, dec2) * 1000.0;
        Assert.Equal(expectedMas, sep, 1e-7);
        // Across RA = 0 too.
        Assert.Equal(expectedMas, Separation.Arcsec(0.0, dec, 0.0, dec2) * 1000.0, 1e-7);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(45.0)]
    [InlineData(-70.0)]
    [InlineData(89.0)]
    [InlineData(89.9999)]
    [InlineData(-89.99999)]
    public void OneMilliarcsecondAlongRa(double dec)
    {
        // On a parallel, sep = 2 asin(cos(dec) sin(dra/2)); choose dra for 1 mas exactly.
        var cosDec = Math.Cos(dec * DegToRad);
        var draDeg = 2 * Math.Asin(Math.Sin(Mas * DegToRad / 2) / cosDec) / DegToRad;
        var ra1 = 10.0;
        var ra2 = ra1 + draDeg;
        var realised = ra2 - ra1;
        var expectedMas = 2 * Math.Asin(cosDec * Math.Sin(realised * DegToRad / 2)) / DegToRad * 3_600_000.0;
        Assert.Equal(1.0, expectedMas, 1e-5);
        Assert.Equal(expectedMas, Separation.Arcsec(ra1, dec, ra2, dec) * 1000.0, 1e-6);
    }

    [Fact]
    public void AntipodalPointsAreExactly180Degrees()
    {
        Assert.Equal(180.0, Separation.Degrees(0, 0, 180, 0));
        Assert.Equal(180.0, Separation.Degrees(123.25, 56.75, 303.25, -56.75));
        Assert.Equal(180.0, Separation.Degrees(0, 90, 0, -90));
        Assert.Equal(180.0, Separation.Degrees(270, -30, 90, 30));
        Assert.Equal(648000.0, Separation.Arcsec(0, 0, 180, 0));
    }

    [Fact]
    public void NearlyAntipodalKeepsMilliarcsecondPrecision()
    {
        // 1 mas short of antipodal along the equator.
        var sep = Separation.Arcsec(0, 0, 180, Mas);
        Assert.Equal(648000.0 - 0.001, sep, 1e-7);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(45.0)]
    [InlineData(-80.0)]
    public void RaWrapsAroundZero(double dec)
    {
        var sep = Separation.Arcsec(359.9999, dec, 0.0001, dec);
        var dra = 0.0001 - (359.9999 - 360.0);
        var expected = 2 * Math.Asin(Math.Cos(dec * DegToRad) * Math.Sin(dra * DegToRad / 2)) / DegToRad * 3600;
        Assert.Equal(expected, sep, 1e-9);
        Assert.Equal(sep, Separation.Arcsec(0.0001, dec, 359.9999, dec));
        if (dec == 0) Assert.Equal(0.72, sep, 1e-9);
    }

    [Fact]
    public void QuarterCirclesAreExact()
    {
        Assert.Equal(90.0, Separation.Degrees(0, 0, 90, 0), 1e-12);
        Assert.Equal(90.0, Separation.Degrees(17, 0, 42, 90), 1e-12);
        Assert.Equal(90.0, Separation.Degrees(0, 45, 180, 45), 1e-12);
    }

    [Fact]
    public void SmallOffsetsMatchFlatSky()
    {
        // Within an arcsecond, sqrt((dra cos dec)^2 + ddec^2) is exact to ~1e-11 relative.
        var rng = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var ra = rng.NextDouble() * 360;
            var dec = rng.NextDouble() * 170 - 85;
            var dx = (rng.NextDouble() * 2 - 1) / 3600.0;
            var dy = (rng.NextDouble() * 2 - 1) / 3600.0;
            var cosDec = Math.Cos((dec + dy / 2) * DegToRad);
            var ra2 = ra + dx / Math.Cos(dec * DegToRad);
            var dec2 = dec + dy;
            var flat = Math.Sqrt(Math.Pow((ra2 - ra) * cosDec, 2) + Math.Pow(dec2 - dec, 2)) * 3600;
            var sep = Separation.Arcsec(ra, dec, ra2, dec2);
            Assert.Equal(flat, sep, 1e-8 + flat * 1e-6);
            Assert.Equal(HaversineArcsec(ra, dec, ra2, dec2), sep, 1e-9);
        }
    }

    [Fact]
    public void AgreesWithHaversineAndDotProductOverTheSky()
    {
        var rng = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var ra1 = rng.NextDouble() * 360;
            var dec1 = Math.Asin(rng.NextDouble() * 2 - 1) / DegToRad;
            var ra2 = rng.NextDouble() * 360;
            var dec2 = Math.Asin(rng.NextDouble() * 2 - 1) / DegToRad;
            var sep = Separation.Arcsec(ra1, dec1, ra2, dec2);
            Assert.Equal(sep, Separation.Arcsec(ra2, dec2, ra1, dec1), 1e-9);
            Assert.InRange(sep, 0, 648000);

            var d1 = dec1 * DegToRad;
            var d2 = dec2 * DegToRad;
            var dot = Math.Sin(d1) * Math.Sin(d2) + Math.Cos(d1) * Math.Cos(d2) * Math.Cos((ra2 - ra1) * DegToRad);
            var acos = Math.Acos(Math.Clamp(dot, -1, 1)) / DegToRad * 3600;
            if (sep > 36000 && sep < 612000) Assert.Equal(acos, sep, 1e-6);
            if (sep < 360000) Assert.Equal(HaversineArcsec(ra1, dec1, ra2, dec2), sep, 1e-6);
        }
    }

    [Fact]
    public void DegreesAndArcsecAgree()
        => Assert.Equal(Separation.Degrees(10, 20, 30, 40) * 3600, Separation.Arcsec(10, 20, 30, 40));
}
