using System.Text;
using FinkXmatch.Core.Catalogs;

namespace FinkXmatch.Core.Tests.Catalogs;

/// <summary>A CSV/TSV column of numbers is reported as a number, as a person reading the file expects (issue 24).</summary>
public class NumberColumnTests
{
    [Fact]
    public void The_3hsp_columns_of_numbers_are_reported_as_numbers()
    {
        using var reader = CatalogReaders.Open(TestData.Path("catalogs/3hsp.csv"));
        var summary = CatalogInspector.Inspect(reader);
        // Checked against the file by hand: id holds 1..2013, FOM decimals; R.A./Dec are sexagesimal text, and
        // "Log(peak flux)" has values such as "-12.9?". The reader itself still reads every column as text.
        var types = summary.Columns.ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal(CatalogColumnType.Int64, types["id"]);
        Assert.Equal(CatalogColumnType.Double, types["FOM"]);
        Assert.Equal(CatalogColumnType.String, types["R.A."]);
        Assert.Equal(CatalogColumnType.String, types["Dec"]);
        Assert.Equal(CatalogColumnType.String, types["Log(peak flux)"]);
        Assert.Equal(CatalogColumnType.String, types["3HSP Source name"]);
        Assert.All(reader.Columns, c => Assert.Equal(CatalogColumnType.String, c.Type));
        // The guess is made on the reader's columns, as before.
        Assert.Equal(("R.A.", "Dec", "id"), (summary.Guess.RaColumn, summary.Guess.DecColumn, summary.Guess.IdColumn));
    }

    [Theory]
    [InlineData("1\n-2\n+3\n\n", CatalogColumnType.Int64)]
    [InlineData("1\n2.5\n", CatalogColumnType.Double)]
    [InlineData("1\nNaN\n1e300\n", CatalogColumnType.Double)]
    [InlineData("9223372036854775808\n", CatalogColumnType.Double)]
    [InlineData("1\n2\nx\n", CatalogColumnType.String)]
    [InlineData("12:30:00\n", CatalogColumnType.String)]
    [InlineData("\"\"\n\"\"\n", CatalogColumnType.String)]
    [InlineData("\"1\"\"\"\n", CatalogColumnType.String)]
    public void A_column_is_the_narrowest_type_every_value_fits(string values, CatalogColumnType expected)
    {
        var text = "name,v\n" + string.Concat(values.Split('\n').SkipLast(1).Select((v, i) => $"r{i},{v}\n"));
        using var reader = CatalogReaders.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)), "t.csv");
        var summary = CatalogInspector.Inspect(reader);
        Assert.Equal(expected, summary.Columns[1].Type);
        Assert.Equal(CatalogColumnType.String, summary.Columns[0].Type);
    }
}
