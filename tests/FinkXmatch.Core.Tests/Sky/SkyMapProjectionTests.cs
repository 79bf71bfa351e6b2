using FinkXmatch.Core.Sky;
using FinkXmatch.Core.SkyMaps;

namespace FinkXmatch.Core.Tests.Sky;

/// <summary>Mollweide projection, pixel layout and the Galactic → equatorial rotation.</summary>
public class SkyMapProjectionTests
{
    private static readonly double R2 = Math.Sqrt(2);

    [Fact]
    public void ForwardThenInverseReturnsThePosition()
    {
        var rng = new Random(7);
        foreach (double centre in new[] { 180.0, 0.0, 266.4 })
        {
            var projection = new MollweideProjection(centre);
            for (int i = 0; i < 5_000; i++)
            {
                var (ra, dec) = RandomPoints.Centre(rng);
                if (Math.Abs(dec) > 89.9) continue; // the pole is a single map point: RA is lost there
                var (x, y) = projection.Forward(ra, dec);
                Assert.True(projection.TryInverse(x, y, out double ra2, out double dec2));
                Assert.True(Haversine.Degrees(ra, dec, ra2, dec2) < 1e-8, $"({ra}, {dec}) came back as ({ra2}, {dec2})");
            }
        }
    }

    [Theory]
    [InlineData(180, 0, 0, 0)] // centre of the map
    [InlineData(90, 0, 1.4142135623730951, 0)] // RA smaller than the centre: to the right
    [InlineData(270, 0, -1.4142135623730951, 0)] // RA larger: to the left
    [InlineData(0, 0, 2.8284271247461903, 0)] // RA 0 = centre + 180: the right edge
    [InlineData(123, 90, 0, 1.4142135623730951)] // north pole: top
    [InlineData(5, -90, 0, -1.4142135623730951)] // south pole: bottom
    public void KnownPoints(double ra, double dec, double x, double y)
    {
        var (px, py) = new MollweideProjection().Forward(ra, dec);
        Assert.Equal(x, px, 1e-12);
        Assert.Equal(y, py, 1e-12);
    }

    [Fact]
    public void ParallelsFollowTheAuxiliaryAngleEquation()
    {
        // Mollweide's defining equation 2θ + sin 2θ = π sin φ, with y = √2 sin θ; at φ = 30° the right side is π/2.
        var (_, y) = new MollweideProjection().Forward(180, 30);
        double theta = Math.Asin(y / R2);
        Assert.Equal(Math.PI * 0.5, 2 * theta + Math.Sin(2 * theta), 1e-12);
        Assert.Equal(-y, new MollweideProjection().Forward(180, -30).Y, 1e-14);
    }

    [Fact]
    public void ProjectionIsEqualArea()
    {
        // Uniform points on the map must be uniform on the sky: the share above Dec 30° is (1 - sin 30°)/2 = 1/4,
        // above Dec -30° it is 3/4, and RA 0..90 holds a quarter.
        var projection = new MollweideProjection();
        int total = 0, north30 = 0, northMinus30 = 0, firstQuadrant = 0;
        for (double x = -2 * R2; x <= 2 * R2; x += 0.004)
        for (double y = -R2; y <= R2; y += 0.004)
        {
            if (!projection.TryInverse(x, y, out double ra, out double dec)) continue;
            total++;
            if (dec > 30) north30++;
            if (dec > -30) northMinus30++;
            if (ra < 90) firstQuadrant++;
        }
        Assert.Equal(0.25, north30 / (double)total, 0.002);
        Assert.Equal(0.75, northMinus30 / (double)total, 0.002);
        Assert.Equal(0.25, firstQuadrant / (double)total, 0.002);
    }

    [Fact]
    public void InverseRejectsPointsOutsideTheEllipse()
    {
        var projection = new MollweideProjection();
        Assert.False(projection.TryInverse(2 * R2 + 1e-6, 0, out _, out _));
        Assert.False(projection.TryInverse(2, 1.2, out _, out _)); // inside the bounding box, outside the ellipse
        Assert.True(projection.TryInverse(2 * R2, 0, out double ra, out double dec));
        Assert.Equal(0, SignedRa(ra), 1e-9);
        Assert.Equal(0, dec, 1e-12);
    }

    private static double SignedRa(double ra) => ra > 180 ? ra - 360 : ra;

    [Fact]
    public void LayoutPutsTheSkyInsideTheImage()
    {
        var layout = new SkyMapLayout(1200, new MollweideProjection());
        var (cx, cy) = layout.ToPixel(180, 0);
        Assert.Equal(layout.CentreX, cx, 1e-9);
        Assert.Equal(layout.CentreY, cy, 1e-9);
        var (_, top) = layout.ToPixel(0, 90);
        Assert.Equal(layout.CentreY - layout.MapHeight / 2, top, 1e-9);
        var (left, _) = layout.ToPixel(359.9999999, 0);
        Assert.Equal(layout.CentreX - layout.MapWidth / 2, left, 1e-4);
        var (right, _) = layout.ToPixel(0, 0);
        Assert.Equal(layout.CentreX + layout.MapWidth / 2, right, 1e-9);
        Assert.True(left > 0 && right < layout.Width && top > 0 && layout.CentreY + layout.MapHeight / 2 < layout.LegendTop);
        Assert.Equal(2 * layout.MapHeight, layout.MapWidth, 1e-9);
        Assert.False(layout.TryToSky(1, 1, out _, out _));
        Assert.True(layout.TryToSky(cx, cy - 10, out double ra, out double dec));
        Assert.Equal(180, ra, 1e-9);
        Assert.True(dec > 0); // north is up
    }

    [Fact]
    public void GalacticCentreAndPolesLandWhereTheyShould()
    {
        var (ra, dec) = GalacticFrame.ToEquatorial(0, 0);
        Assert.Equal(266.40499, ra, 0.001); // J2000 Galactic centre 17h45m37.2s −28°56′10″
        Assert.Equal(-28.93617, dec, 0.001);
        (ra, dec) = GalacticFrame.ToEquatorial(0, 90);
        Assert.Equal(192.85948, ra, 1e-9);
        Assert.Equal(27.12825, dec, 1e-9);
        (_, dec) = GalacticFrame.ToEquatorial(122.93192, 27.12825);
        Assert.Equal(90, dec, 1e-6);
        // l = 90°, b = 0: the second row of the Hipparcos ICRS→Galactic matrix (0.49411, -0.44483, 0.74698).
        (ra, dec) = GalacticFrame.ToEquatorial(90, 0);
        Assert.Equal(318.0046, ra, 0.001);
        Assert.Equal(48.3296, dec, 0.001);
        for (double l = 0; l < 360; l += 7.5)
        {
            (ra, dec) = GalacticFrame.ToEquatorial(l, 0);
            Assert.Equal(90, Haversine.Degrees(ra, dec, 192.85948, 27.12825), 1e-9);
        }
    }
}
