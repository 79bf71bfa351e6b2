using FinkXmatch.Core.Catalogs.Fits;
using FinkXmatch.Core.Tests.Catalogs.Fixtures;

namespace FinkXmatch.Core.Tests.Catalogs.Fits;

public sealed class FitsFuzzTests
{
    [Fact]
    public void Damaged_fits_files_only_throw_catalog_exceptions()
    {
        byte[][] sources = [File.ReadAllBytes(TestData.Path("catalogs/4lac_dr3_l.fits")), FitsFixtureTests.Build(rowCount: 5)];
        var outcomes = CatalogMutations.Run(sources, seed: 4242, headerBytes: 2880 * 7,
            (stream, name) => FitsCatalogReader.Open(stream, name));
        // The mutations must reach both outcomes, or the test proves nothing.
        Assert.True(outcomes.Errors > 20 && outcomes.Successes > 5, $"{outcomes}");
    }
}
