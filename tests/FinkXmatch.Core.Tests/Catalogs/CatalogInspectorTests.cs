using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Catalogs;

public class CatalogInspectorTests
{
    private static readonly string[] Header = ["Name", "RAJ2000", "DEJ2000", "mag"];

    private static string?[][] Rows(int n) => Enumerable.Range(1, n)
        .Select(i => new string?[] { $"src{i}", $"{i % 24:00} 00 00", $"-{i % 90:00} 30 00", "" }).ToArray();

    [Fact]
    public void CountsAllRowsAndPreviewsTheFirst()
    {
        var summary = CatalogInspector.Inspect(new TableCatalogReader("c.csv", Header, Rows(25)), previewRows: 10);
        Assert.Equal("c.csv", summary.FileName);
        Assert.Equal(CatalogFormat.Csv, summary.Format);
        Assert.Equal(25, summary.Rows);
        Assert.Equal(Header, summary.Columns.Select(c => c.Name));
        Assert.Equal(10, summary.Preview.Count);
        Assert.Equal(["src1", "01 00 00", "-01 30 00", ""], summary.Preview[0]);
        Assert.Equal("src10", summary.Preview[9][0]);
        Assert.Equal(new CatalogGuess("RAJ2000", "DEJ2000", "Name", CoordinateFormat.Sexagesimal), summary.Guess);
    }

    [Fact]
    public void ShortCatalogsPreviewEverything()
    {
        var summary = CatalogInspector.Inspect(new TableCatalogReader("c.csv", Header, Rows(3)));
        Assert.Equal(3, summary.Rows);
        Assert.Equal(3, summary.Preview.Count);
    }

    [Fact]
    public void EmptyCatalogHasZeroRows()
    {
        var summary = CatalogInspector.Inspect(new TableCatalogReader("c.csv", Header));
        Assert.Equal(0, summary.Rows);
        Assert.Empty(summary.Preview);
        Assert.Equal("RAJ2000", summary.Guess.RaColumn);
    }

    [Fact]
    public void EnforcesRowLimit()
    {
        var error = Assert.Throws<CatalogException>(() =>
            CatalogInspector.Inspect(new TableCatalogReader("c.csv", Header, Rows(6)), limits: new CatalogLimits(MaxRows: 5)));
        Assert.Equal(CatalogErrorKind.TooManyRows, error.Kind);
        Assert.Equal(6, error.Row);
        Assert.Contains("more than 5 rows", error.Message);
        Assert.Equal(5, CatalogInspector.Inspect(new TableCatalogReader("c.csv", Header, Rows(5)),
            limits: new CatalogLimits(MaxRows: 5)).Rows);
    }

    [Fact]
    public void EnforcesColumnLimit()
    {
        var error = Assert.Throws<CatalogException>(() =>
            CatalogInspector.Inspect(new TableCatalogReader("c.csv", Header, Rows(1)), limits: new CatalogLimits(MaxColumns: 3)));
        Assert.Equal(CatalogErrorKind.TooManyColumns, error.Kind);
        Assert.StartsWith("c.csv: ", error.Message);
        Assert.Contains("4 columns", error.Message);
    }
}
