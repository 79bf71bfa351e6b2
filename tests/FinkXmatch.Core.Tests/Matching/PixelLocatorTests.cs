using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Matching;

/// <summary>The matcher's flattened ang2pix must give exactly <see cref="Healpix.Ang2PixNest"/>'s pixels.</summary>
public class PixelLocatorTests
{
    [Fact]
    public void Equals_the_reference_ang2pix_at_every_fine_order()
    {
        var rng = new Random(128);
        var positions = new List<(double Ra, double Dec)>
        {
            (0, 90), (0, -90), (359.9999999999, 89.99), (180, -89.995), (0, 0), (360 - 1e-13, 0), (90, 41.8103149), (45, -41.8103149),
            (12.5, 89.4270422), (200, -89.4270422), (0, 2.0 / 3.0), (270, 89.9999999),
        };
        for (var i = 0; i < 200_000; i++)
        {
            var dec = i % 10 == 0 ? (rng.NextDouble() < 0.5 ? -1 : 1) * (89 + rng.NextDouble()) : Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI;
            positions.Add((rng.NextDouble() * 360, dec));
        }
        for (var order = 7; order <= 16; order++)
            foreach (var (ra, dec) in positions)
                Assert.Equal(Healpix.Ang2PixNest(1 << order, ra, dec), PixelLocator.Ang2PixNest(order, ra, dec));
    }
}
