using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Sky;

/// <summary>
/// The disc query's neighbours of a pixel within its face, written without a branch on which sides are near
/// (<c>Healpix.NearbyPixels</c>), must be the pixels of the loop over the near sides that crosses face edges
/// (<see cref="Healpix.NearbyPixelsAcrossFaces"/>), for centres at poles, RA 0/360, the polar cap boundary, pixel edges
/// and corners, and reaches up to just under one pixel. That the pixels hold every point of the disc is checked against
/// the points' own pixels in <see cref="HealpixQueryDiscTests"/>.
/// </summary>
public class HealpixNearbyPixelsTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(14)]
    [InlineData(16)]
    public void Neighbours_within_a_face_are_those_of_the_loop_across_faces(int order)
    {
        var rng = new Random(order);
        Span<long> fast = stackalloc long[9];
        Span<long> loop = stackalloc long[9];
        int withNeighbours = 0, atFaceEdges = 0;
        for (var q = 0; q < 200_000; q++)
        {
            var (ra, dec) = RandomPoints.Centre(rng, 1 << order);
            var centre = SkyLocation.FromRaDec(ra, dec);
            // Reaches under half a pixel (the path without branches) mostly, and up to 0.98 (the loop's).
            var reach = q % 4 == 0 ? 0.98 * rng.NextDouble() : 0.5 * rng.NextDouble();
            var count = Healpix.NearbyPixels(order, centre, reach, fast);
            Healpix.LocateNest(order, centre, out var face, out var ix, out var iy, out var fracX, out var fracY);
            loop[0] = Healpix.XyfToNest(order, ix, iy, face);
            var expected = Healpix.NearbyPixelsAcrossFaces(order, face, ix, iy, fracX <= reach ? -1 : 0, 1.0 - fracX <= reach ? 1 : 0,
                fracY <= reach ? -1 : 0, 1.0 - fracY <= reach ? 1 : 0, loop);
            Assert.True(fast[..count].ToArray().Order().SequenceEqual(loop[..expected].ToArray().Order()),
                $"order {order}, ({ra:R}, {dec:R}), reach {reach:R}: {string.Join(",", fast[..count].ToArray())} against {string.Join(",", loop[..expected].ToArray())}");
            Assert.Equal(loop[0], fast[0]);
            if (expected > 1) withNeighbours++;
            if (ix == 0 || iy == 0 || ix == (1 << order) - 1 || iy == (1 << order) - 1) atFaceEdges++;
        }
        Assert.True(withNeighbours > 50_000 && atFaceEdges > 1_000, $"{withNeighbours} discs with neighbours, {atFaceEdges} at face edges");
    }
}
