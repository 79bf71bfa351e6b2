using System.Text;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Sky;
using FinkXmatch.Tests;

namespace FinkXmatch.Core.Tests.Catalogs;

/// <summary>Rows with unusable coordinates are counted at once, without stopping at the first (issue 24).</summary>
public class CoordinateSurveyTests
{
    [Fact]
    public void The_3hsp_catalog_with_three_damaged_rows_counts_them_and_keeps_every_other_position()
    {
        var rows = RewrittenThreeHsp.Rows.Select(r => (string[])r.Clone()).ToList();
        var ra = Array.IndexOf(RewrittenThreeHsp.Header, "R.A.");
        var dec = Array.IndexOf(RewrittenThreeHsp.Header, "Dec");
        rows[99][dec] = "+95 00 00.0";     // row 100: out of range
        rows[499][ra] = "NaN";             // row 500: not a number
        rows[1999][ra] = "twelve hours";   // row 2000: unparseable
        var text = new StringBuilder(string.Join(',', RewrittenThreeHsp.Header)).Append('\n');
        foreach (var row in rows) text.AppendJoin(',', row.Select(v => $"\"{v}\"")).Append('\n');

        using var reader = CatalogReaders.Open(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), "damaged.csv");
        var survey = CoordinateSurvey.Run(reader, "R.A.", "Dec", CoordinateFormat.Auto);

        Assert.Equal(new InvalidCoordinates(3, 100, "Dec", "+95 00 00.0", "declination 95 degrees is outside [-90, 90]"), survey.Invalid);
        Assert.Equal("3 of 2,013 rows have an invalid RA or Dec", survey.Invalid.Summary(2013));
        // The other rows: the positions the loader reads from the original, in order.
        using var original = CatalogReaders.Open(TestData.Path("catalogs/3hsp.csv"));
        var catalog = CatalogLoader.Load(original, new CatalogSelection("R.A.", "Dec", "id"));
        var kept = Enumerable.Range(0, catalog.Count).Where(i => i is not (99 or 499 or 1999)).ToArray();
        Assert.Equal(kept.Select(i => catalog.RaDeg[i]), survey.RaDeg);
        Assert.Equal(kept.Select(i => catalog.DecDeg[i]), survey.DecDeg);

        // The loader still stops at the first, with the same words.
        using var again = CatalogReaders.Open(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), "damaged.csv");
        var error = Assert.Throws<CatalogException>(() => CatalogLoader.Load(again, new CatalogSelection("R.A.", "Dec", "id")));
        Assert.Equal("damaged.csv, row 100, column 'Dec': declination 95 degrees is outside [-90, 90]", error.Message);
    }

    [Fact]
    public void A_clean_catalog_has_no_invalid_row()
    {
        using var reader = CatalogReaders.Open(TestData.Path("catalogs/3hsp.csv"));
        var survey = CoordinateSurvey.Run(reader, "R.A.", "Dec", CoordinateFormat.Sexagesimal);
        Assert.Equal(new InvalidCoordinates(0), survey.Invalid);
        Assert.Equal(2013, survey.RaDeg.Length);
    }
}
