using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Catalogs;

/// <summary>The real 3HSP catalog: sexagesimal R.A./Dec with spaces, fields separated by " , " and quoted.</summary>
public class ThreeHspCatalogTests
{
    private static readonly Lazy<(string[] Header, string[][] Rows)> Table = new(ReadTable);

    private static (string[] Header, string[][] Rows) ReadTable()
    {
        var lines = File.ReadAllLines(TestData.Path("catalogs/3hsp.csv")).Where(l => l.Length > 0).ToArray();
        static string[] Split(string line) => line.Split(" , ").Select(f => f.Trim().Trim('"')).ToArray();
        return (Split(lines[0]), lines.Skip(1).Select(Split).ToArray());
    }

    [Fact]
    public void ParsesEveryPosition()
    {
        var (header, rows) = Table.Value;
        var ra = Array.IndexOf(header, "R.A.");
        var dec = Array.IndexOf(header, "Dec");
        Assert.True(rows.Length > 2000);
        foreach (var row in rows)
        {
            Assert.True(CoordinateParser.TryParseRa(row[ra], CoordinateFormat.Auto, out var raDeg), row[ra]);
            Assert.True(CoordinateParser.TryParseDec(row[dec], CoordinateFormat.Auto, out var decDeg), row[dec]);
            Assert.InRange(raDeg, 0, 359.99999999);
            Assert.InRange(decDeg, -90, 90);
            // The 3HSP name encodes the position (3HSPJhhmmss.s+ddmmss): its declination sign must agree.
            var negative = row[dec].StartsWith('-');
            Assert.Equal(negative, row[1][row[1].IndexOfAny(['+', '-'])] == '-');
            Assert.Equal(negative, decDeg < 0);
        }
    }

    [Fact]
    public void KnownPositions()
    {
        var (header, rows) = Table.Value;
        var ra = Array.IndexOf(header, "R.A.");
        var dec = Array.IndexOf(header, "Dec");
        Assert.Equal("00 01 16.37", rows[0][ra]);
        Assert.True(CoordinateParser.TryParseRa(rows[0][ra], CoordinateFormat.Auto, out var ra1));
        Assert.True(CoordinateParser.TryParseDec(rows[0][dec], CoordinateFormat.Auto, out var dec1));
        Assert.Equal(0.3182083333, ra1, 1e-9);
        Assert.Equal(29.5927777778, dec1, 1e-9);
        Assert.Equal("-31 50 43.0", rows[1][dec]);
        Assert.True(CoordinateParser.TryParseDec(rows[1][dec], CoordinateFormat.Auto, out var dec2));
        Assert.Equal(-(31 + 50 / 60.0 + 43.0 / 3600), dec2, 1e-12);
    }

    [Fact]
    public void LoadsAndGuessesThroughTheCatalogApi()
    {
        var (header, rows) = Table.Value;
        var summary = CatalogInspector.Inspect(new TableCatalogReader("3hsp.csv", header, rows));
        Assert.Equal(rows.Length, summary.Rows);
        Assert.Equal("R.A.", summary.Guess.RaColumn);
        Assert.Equal("Dec", summary.Guess.DecColumn);
        Assert.Equal("id", summary.Guess.IdColumn);
        Assert.Equal(CoordinateFormat.Sexagesimal, summary.Guess.Coordinates);

        var catalog = CatalogLoader.Load(new TableCatalogReader("3hsp.csv", header, rows),
            new CatalogSelection("R.A.", "Dec", "3HSP Source name"));
        Assert.Equal(rows.Length, catalog.Count);
        Assert.Equal("3HSPJ000117.1-315043", catalog.Ids[1]);
        Assert.Equal(-31.8452777778, catalog.DecDeg[1], 1e-9);
    }
}
