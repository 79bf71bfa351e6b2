using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Catalogs;

/// <summary>
/// The real catalogs of tests/data through the same path the CLI and the API take: factory by extension,
/// inspection (rows, preview, guess), then loading of the guessed columns. Expected values: the files themselves
/// (3hsp.csv's first row; 4LAC's first and last rows as astropy 5.2 reads them).
/// </summary>
public class RealCatalogPipelineTests
{
    [Fact]
    public void Three_hsp_csv_is_inspected_guessed_and_loaded()
    {
        var path = TestData.Path("catalogs/3hsp.csv");
        CatalogSummary summary;
        using (var reader = CatalogReaders.Open(path)) summary = CatalogInspector.Inspect(reader);
        Assert.Equal(2013, summary.Rows);
        Assert.Equal(10, summary.Preview.Count);
        Assert.Equal(("R.A.", "Dec", "id", CoordinateFormat.Sexagesimal),
            (summary.Guess.RaColumn, summary.Guess.DecColumn, summary.Guess.IdColumn, summary.Guess.Coordinates));

        using var again = CatalogReaders.Open(path);
        var catalog = CatalogLoader.Load(again, new CatalogSelection("R.A.", "Dec", "id"));
        Assert.Equal(2013, catalog.Count);
        Assert.Equal("1", catalog.Ids[0]);
        Assert.Equal((0 + 1 / 60.0 + 16.37 / 3600) * 15, catalog.RaDeg[0], 1e-9);
        Assert.Equal(29 + 35 / 60.0 + 34.0 / 3600, catalog.DecDeg[0], 1e-9);
    }

    [Fact]
    public void Four_lac_fits_is_inspected_guessed_and_loaded()
    {
        var path = TestData.Path("catalogs/4lac_dr3_l.fits");
        CatalogSummary summary;
        using (var reader = CatalogReaders.Open(path)) summary = CatalogInspector.Inspect(reader);
        Assert.Equal(CatalogFormat.Fits, summary.Format);
        Assert.Equal(407, summary.Rows);
        Assert.Equal(("RAJ2000", "DEJ2000", "Source_Name", CoordinateFormat.Degrees),
            (summary.Guess.RaColumn, summary.Guess.DecColumn, summary.Guess.IdColumn, summary.Guess.Coordinates));

        using var again = CatalogReaders.Open(path);
        var catalog = CatalogLoader.Load(again, new CatalogSelection("RAJ2000", "DEJ2000", "Source_Name"));
        Assert.Equal(407, catalog.Count);
        Assert.Equal("4FGL J0012.0+7043", catalog.Ids[0]);
        Assert.Equal(3.0032, catalog.RaDeg[0], 1e-4);
        Assert.Equal(70.7326, catalog.DecDeg[0], 1e-4);
        Assert.Equal("4FGL J2358.4+6547", catalog.Ids[^1]);
        Assert.Equal(359.6119, catalog.RaDeg[^1], 1e-4);
        Assert.Equal(65.7837, catalog.DecDeg[^1], 1e-4);
    }
}
