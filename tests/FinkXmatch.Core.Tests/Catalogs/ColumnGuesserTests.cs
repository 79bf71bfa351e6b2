using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Catalogs;

public class ColumnGuesserTests
{
    private static CatalogColumn[] Text(params string[] names)
        => names.Select(n => new CatalogColumn(n, CatalogColumnType.String)).ToArray();

    private static CatalogGuess Guess(string[] names, params string[][] rows) => ColumnGuesser.Guess(Text(names), rows);

    [Theory]
    [InlineData("ra")]
    [InlineData("RA")]
    [InlineData("RAdeg")]
    [InlineData("RA_deg")]
    [InlineData("ra_deg")]
    [InlineData("RA_ICRS")]
    [InlineData("RAJ2000")]
    [InlineData("_RAJ2000")]
    [InlineData("R.A.")]
    [InlineData("alpha")]
    [InlineData("RA_J2000")]
    [InlineData("raj2000")]
    [InlineData("ALPHA_J2000")]
    [InlineData("RightAscension")]
    [InlineData("RA (deg)")]
    [InlineData("ra_epoch2000")]
    public void RecognisesRaNames(string name)
    {
        var guess = Guess(["mag", "e_RA", name, "flux", "dec"]);
        Assert.Equal(name, guess.RaColumn);
        Assert.Equal("dec", guess.DecColumn);
    }

    [Theory]
    [InlineData("dec")]
    [InlineData("DEC")]
    [InlineData("Dec")]
    [InlineData("DEdeg")]
    [InlineData("DE_ICRS")]
    [InlineData("DEJ2000")]
    [InlineData("_DEJ2000")]
    [InlineData("Decl")]
    [InlineData("delta")]
    [InlineData("Declination")]
    [InlineData("DECLINATION")]
    [InlineData("DEC_J2000")]
    [InlineData("DELTA_J2000")]
    [InlineData("dec_deg")]
    public void RecognisesDecNames(string name)
    {
        var guess = Guess(["DEC_err", "ra", "dec_error", name, "e_DE"]);
        Assert.Equal("ra", guess.RaColumn);
        Assert.Equal(name, guess.DecColumn);
    }

    [Fact]
    public void IgnoresErrorAndHelperColumns()
    {
        var guess = Guess(["e_RA", "RA_err", "ra_error", "era", "RAh", "RAm", "RAs", "DE-", "DEd", "DEm", "DEs",
            "e_DE", "dec_err", "ra_dec_corr", "pmra", "pmdec", "radius", "rank", "decay", "delta_mag", "alpha_index"]);
        Assert.Null(guess.RaColumn);
        Assert.Null(guess.DecColumn);
    }

    [Fact]
    public void PrefersExactNamesOverFrameVariants()
    {
        var guess = Guess(["RAJ2000", "DEJ2000", "RA", "DEC"]);
        Assert.Equal("RA", guess.RaColumn);
        Assert.Equal("DEC", guess.DecColumn);

        guess = Guess(["alpha", "delta", "RA_ICRS", "DE_ICRS"]);
        Assert.Equal("alpha", guess.RaColumn);

        guess = Guess(["RA_B1950", "DE_B1950", "RAJ2000", "DEJ2000"]);
        Assert.Equal("RAJ2000", guess.RaColumn);
        Assert.Equal("DEJ2000", guess.DecColumn);
    }

    [Fact]
    public void PairsDecWithTheFrameOfRa()
    {
        var guess = Guess(["_RAJ2000", "_DEJ2000", "RA_ICRS", "DE_ICRS"]);
        Assert.Equal("_RAJ2000", guess.RaColumn);
        Assert.Equal("_DEJ2000", guess.DecColumn);

        guess = Guess(["RA_ICRS", "DEJ2000", "DE_ICRS"]);
        Assert.Equal("DE_ICRS", guess.DecColumn);
    }

    [Fact]
    public void IgnoresColumnsThatCannotHoldCoordinates()
    {
        CatalogColumn[] columns = [new("ra", CatalogColumnType.Bytes), new("RAJ2000", CatalogColumnType.Double), new("dec", CatalogColumnType.Double)];
        Assert.Equal("RAJ2000", ColumnGuesser.Guess(columns, []).RaColumn);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("ID")]
    [InlineData("name")]
    [InlineData("Name")]
    [InlineData("source_id")]
    [InlineData("objname")]
    [InlineData("Source_Name")]
    [InlineData("designation")]
    [InlineData("3HSP Source name")]
    [InlineData("objectId")]
    [InlineData("Gaia_ID")]
    public void RecognisesIdentifierNames(string name)
    {
        var guess = Guess(["comment", "ra", "dec", name], ["x", "1", "2", "A"], ["y", "3", "4", "B"]);
        Assert.Equal(name, guess.IdColumn);
    }

    [Fact]
    public void PrefersExactIdentifierNamesAndSkipsNonUniqueOnes()
    {
        var guess = Guess(["BZcat name", "id", "3HSP Source name"], ["", "1", "A"], ["", "2", "B"]);
        Assert.Equal("id", guess.IdColumn);

        guess = Guess(["name", "source_id"], ["same", "1"], ["same", "2"]);
        Assert.Equal("source_id", guess.IdColumn);

        guess = Guess(["valid", "grid", "ra", "dec"], ["1", "a", "1", "1"], ["2", "b", "2", "2"]);
        Assert.Equal("valid", guess.IdColumn); // by the unique-values fallback, not by name: "grid" comes later
    }

    [Fact]
    public void FallsBackToFirstUniqueTextColumn()
    {
        CatalogColumn[] columns =
        [
            new("ra", CatalogColumnType.Double), new("dec", CatalogColumnType.Double), new("n", CatalogColumnType.Int32),
            new("kind", CatalogColumnType.String), new("label", CatalogColumnType.String),
        ];
        string[][] rows = [["1", "2", "1", "star", "alpha"], ["3", "4", "2", "star", "beta"], ["5", "6", "3", "qso", "gamma"]];
        Assert.Equal("label", ColumnGuesser.Guess(columns, rows).IdColumn);
        Assert.Null(ColumnGuesser.Guess(columns, []).IdColumn);
        Assert.Null(ColumnGuesser.Guess(columns, [rows[0], rows[0]]).IdColumn);
    }

    [Fact]
    public void GuessesNotationFromTheRaSample()
    {
        Assert.Equal(CoordinateFormat.Sexagesimal,
            Guess(["ra", "dec"], ["", ""], ["00 01 16.37", "+29 35 34.0"]).Coordinates);
        Assert.Equal(CoordinateFormat.Sexagesimal, Guess(["ra", "dec"], ["12:30:00", "1"]).Coordinates);
        Assert.Equal(CoordinateFormat.Degrees, Guess(["ra", "dec"], ["187.5", "+10:00:00"]).Coordinates);
        Assert.Equal(CoordinateFormat.Degrees, Guess(["x", "y"], ["12:30:00", "1"]).Coordinates);
        CatalogColumn[] numeric = [new("ra", CatalogColumnType.Double), new("dec", CatalogColumnType.Double)];
        Assert.Equal(CoordinateFormat.Degrees, ColumnGuesser.Guess(numeric, []).Coordinates);
    }
}
