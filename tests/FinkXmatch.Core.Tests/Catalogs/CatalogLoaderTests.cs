using System.Globalization;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Catalogs;

public class CatalogLoaderTests
{
    private const string File = "cat.csv";
    private static readonly string[] Header = ["id", "ra", "dec"];
    private static readonly CatalogSelection Selection = new("ra", "dec", "id");

    private static SourceCatalog Load(CatalogSelection selection, string[] header, params string?[][] rows)
        => CatalogLoader.Load(new TableCatalogReader(File, header, rows), selection);

    private static CatalogException Fails(CatalogErrorKind kind, CatalogSelection selection, string[] header,
        params string?[][] rows)
    {
        var error = Assert.Throws<CatalogException>(() => Load(selection, header, rows));
        Assert.Equal(kind, error.Kind);
        Assert.Equal(File, error.FileName);
        Assert.StartsWith(File, error.Message);
        return error;
    }

    private static void AssertAt(CatalogException error, long row, string column)
    {
        Assert.Equal(row, error.Row);
        Assert.Equal(column, error.Column);
        Assert.Contains($"{File}, row {row}, column '{column}':", error.Message);
    }

    [Fact]
    public void LoadsDecimalDegrees()
    {
        var catalog = Load(Selection, Header, ["a", "10.5", "-20.25"], ["b", "0", "90"], ["c", "359.999", "-90"]);
        Assert.Equal(3, catalog.Count);
        Assert.Equal([10.5, 0, 359.999], catalog.RaDeg);
        Assert.Equal([-20.25, 90, -90], catalog.DecDeg);
        Assert.Equal(["a", "b", "c"], catalog.Ids);
        Assert.Equal("id", catalog.IdColumn);
        Assert.Equal(File, catalog.FileName);
    }

    [Fact]
    public void LoadsSexagesimalDetectedPerColumn()
    {
        var catalog = Load(Selection, Header,
            ["a", "10:00:00", "-00 30 00"], ["b", "00 01 16.37", "+29 35 34.0"], ["c", "23h00m", "-12d30m"]);
        Assert.Equal(150.0, catalog.RaDeg[0], 1e-12);
        Assert.Equal(-0.5, catalog.DecDeg[0], 1e-12);
        Assert.Equal(0.3182083333, catalog.RaDeg[1], 1e-9);
        Assert.Equal(29.5927777778, catalog.DecDeg[1], 1e-9);
        Assert.Equal(345.0, catalog.RaDeg[2], 1e-12);
        Assert.Equal(-12.5, catalog.DecDeg[2], 1e-12);
    }

    [Fact]
    public void DetectsRaAndDecNotationIndependently()
    {
        var catalog = Load(Selection, Header, ["a", "150.5", "-00:30:00"], ["b", "3.25", "+10 00 00"]);
        Assert.Equal([150.5, 3.25], catalog.RaDeg);
        Assert.Equal(-0.5, catalog.DecDeg[0], 1e-12);
        Assert.Equal(10.0, catalog.DecDeg[1], 1e-12);
    }

    [Fact]
    public void ExplicitFormatIsObeyed()
    {
        // Forced degrees: a sexagesimal value is an error, not silently reinterpreted.
        var error = Fails(CatalogErrorKind.UnparsableNumber, Selection with { Format = CoordinateFormat.Degrees },
            Header, ["a", "10:00:00", "0"]);
        AssertAt(error, 1, "ra");
        Assert.Contains("'10:00:00'", error.Message);

        var catalog = Load(Selection with { Format = CoordinateFormat.Sexagesimal }, Header, ["a", "10 00 00", "-1 30"]);
        Assert.Equal(150.0, catalog.RaDeg[0], 1e-12);
        Assert.Equal(-1.5, catalog.DecDeg[0], 1e-12);
    }

    [Fact]
    public void AutoNotationIsFixedByTheFirstValue()
    {
        var error = Fails(CatalogErrorKind.UnparsableNumber, Selection, Header,
            ["a", "10:00:00", "0"], ["b", "150.0", "0"]);
        AssertAt(error, 2, "ra");
        Assert.Contains("sexagesimal", error.Message);
    }

    [Fact]
    public void NumericColumnsAreDegreesEvenWhenSexagesimalIsAsked()
    {
        CatalogColumn[] columns =
        [
            new("id", CatalogColumnType.Int64), new("ra", CatalogColumnType.Double), new("dec", CatalogColumnType.Float),
        ];
        var reader = new TableCatalogReader(File, columns, ["7", "12.5", "-3.5"], ["8", "200", "45"]);
        var catalog = CatalogLoader.Load(reader, Selection with { Format = CoordinateFormat.Sexagesimal });
        Assert.Equal([12.5, 200], catalog.RaDeg);
        Assert.Equal([-3.5, 45], catalog.DecDeg);
        Assert.Equal(["7", "8"], catalog.Ids);
    }

    [Fact]
    public void DegreesInTextColumnsAreReadWithoutStrings()
    {
        var reader = new TableCatalogReader(File, Header, ["a", "1", "2"], ["b", "3", "4"]);
        CatalogLoader.Load(reader, Selection with { Format = CoordinateFormat.Degrees });
        Assert.Equal(2, reader.TextReads); // the identifiers only
    }

    [Fact]
    public void WithoutIdColumnRowNumbersAreIdentifiers()
    {
        var catalog = Load(Selection with { IdColumn = null }, Header, ["x", "1", "2"], ["x", "3", "4"]);
        Assert.Equal(["1", "2"], catalog.Ids);
        Assert.Equal(CatalogLoader.RowNumberIdColumn, catalog.IdColumn);
    }

    [Fact]
    public void ColumnNamesMatchExactlyThenIgnoringCase()
    {
        var catalog = Load(new CatalogSelection("RA", "Dec", "ID"), Header, ["a", "1", "2"]);
        Assert.Equal([1.0], catalog.RaDeg);
        Assert.Equal("id", catalog.IdColumn);

        string[] both = ["ra", "RA", "dec"];
        var exact = Load(new CatalogSelection("RA", "dec", null), both, ["1", "2", "3"]);
        Assert.Equal([2.0], exact.RaDeg);

        var error = Fails(CatalogErrorKind.MissingColumn, new CatalogSelection("Ra", "dec", null), both, ["1", "2", "3"]);
        Assert.Contains("differ only in case", error.Message);
    }

    [Fact]
    public void MissingColumnNamesTheAvailableOnes()
    {
        var error = Fails(CatalogErrorKind.MissingColumn, Selection with { DecColumn = "DEJ2000" }, Header, ["a", "1", "2"]);
        Assert.Equal("DEJ2000", error.Column);
        Assert.Null(error.Row);
        Assert.Contains("'DEJ2000'", error.Message);
        Assert.Contains("'id', 'ra', 'dec'", error.Message);

        error = Fails(CatalogErrorKind.MissingColumn, Selection with { IdColumn = "name" }, Header, ["a", "1", "2"]);
        Assert.Equal("name", error.Column);
    }

    [Theory]
    [InlineData("abc", "1", CatalogErrorKind.UnparsableNumber, "ra")]
    [InlineData("1", "1.2.3", CatalogErrorKind.UnparsableNumber, "dec")]
    [InlineData("", "1", CatalogErrorKind.UnparsableNumber, "ra")]
    [InlineData("1", null, CatalogErrorKind.UnparsableNumber, "dec")]
    [InlineData("NaN", "1", CatalogErrorKind.NotANumber, "ra")]
    [InlineData("1", "-Infinity", CatalogErrorKind.NotANumber, "dec")]
    [InlineData("360", "1", CatalogErrorKind.RaOutOfRange, "ra")]
    [InlineData("-0.001", "1", CatalogErrorKind.RaOutOfRange, "ra")]
    [InlineData("1", "90.0001", CatalogErrorKind.DecOutOfRange, "dec")]
    [InlineData("1", "-91", CatalogErrorKind.DecOutOfRange, "dec")]
    public void RejectsBadDegreesAtTheirRowAndColumn(string ra, string? dec, CatalogErrorKind kind, string column)
    {
        var error = Fails(kind, Selection, Header, ["a", "1", "1"], ["b", ra, dec], ["c", "bad", "bad"]);
        AssertAt(error, 2, column);
    }

    [Theory]
    [InlineData("12:61:00", "+10:00:00", CatalogErrorKind.UnparsableNumber, "ra")]
    [InlineData("12:00:00", "+10:00:60", CatalogErrorKind.UnparsableNumber, "dec")]
    [InlineData("12:00:00", "+10:00:00 x", CatalogErrorKind.UnparsableNumber, "dec")]
    [InlineData("-01:00:00", "+10:00:00", CatalogErrorKind.RaOutOfRange, "ra")]
    [InlineData("24:00:00", "+10:00:00", CatalogErrorKind.RaOutOfRange, "ra")]
    [InlineData("12:00:00", "-90:00:01", CatalogErrorKind.DecOutOfRange, "dec")]
    [InlineData("12:00:00", "nan", CatalogErrorKind.NotANumber, "dec")]
    public void RejectsBadSexagesimalAtTheirRowAndColumn(string ra, string dec, CatalogErrorKind kind, string column)
    {
        var error = Fails(kind, Selection, Header, ["a", "01:00:00", "+01:00:00"], ["b", ra, dec]);
        AssertAt(error, 2, column);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void RejectsEmptyIdentifier(string? id)
    {
        var error = Fails(CatalogErrorKind.EmptyIdentifier, Selection, Header, ["a", "1", "1"], ["b", "1", "1"], [id, "1", "1"]);
        AssertAt(error, 3, "id");
    }

    [Fact]
    public void RejectsDuplicateIdentifierNamingTheEarlierRow()
    {
        var error = Fails(CatalogErrorKind.DuplicateIdentifier, Selection, Header,
            ["a", "1", "1"], ["b", "1", "1"], ["c", "1", "1"], ["b", "2", "2"]);
        AssertAt(error, 4, "id");
        Assert.Contains("'b'", error.Message);
        Assert.Contains("row 2", error.Message);
    }

    [Fact]
    public void IdentifiersAreCaseSensitive()
        => Assert.Equal(2, Load(Selection, Header, ["a", "1", "1"], ["A", "1", "1"]).Count);

    [Fact]
    public void ReportsTheFirstProblem()
    {
        var error = Fails(CatalogErrorKind.DecOutOfRange, Selection, Header, ["a", "1", "1"], ["a", "1", "95"], ["c", "-5", "1"]);
        AssertAt(error, 2, "dec");
    }

    [Fact]
    public void RejectsCatalogWithoutRows()
    {
        var error = Fails(CatalogErrorKind.EmptyFile, Selection, Header);
        Assert.Null(error.Row);
        Assert.Contains("no data rows", error.Message);
    }

    [Fact]
    public void RejectsMoreRowsThanTheLimit()
    {
        var reader = new TableCatalogReader(File, Header, ["a", "1", "1"], ["b", "1", "1"], ["c", "1", "1"]);
        var error = Assert.Throws<CatalogException>(() =>
            CatalogLoader.Load(reader, Selection, new CatalogLimits(MaxRows: 2)));
        Assert.Equal(CatalogErrorKind.TooManyRows, error.Kind);
        Assert.Equal(3, error.Row);
        Assert.Contains("more than 2 rows", error.Message);

        var exactly = CatalogLoader.Load(new TableCatalogReader(File, Header, ["a", "1", "1"], ["b", "1", "1"]),
            Selection, new CatalogLimits(MaxRows: 2));
        Assert.Equal(2, exactly.Count);
    }

    [Fact]
    public void RejectsMoreColumnsThanTheLimit()
    {
        var reader = new TableCatalogReader(File, Header, ["a", "1", "1"]);
        var error = Assert.Throws<CatalogException>(() =>
            CatalogLoader.Load(reader, Selection, new CatalogLimits(MaxColumns: 2)));
        Assert.Equal(CatalogErrorKind.TooManyColumns, error.Kind);
        Assert.Contains("3 columns", error.Message);
    }

    [Fact]
    public void GrowsPastInitialCapacityAndTrims()
    {
        const int n = 5000;
        var rows = Enumerable.Range(1, n).Select(i => new string?[]
        {
            "s" + i, (i * 0.07 % 360).ToString("R", CultureInfo.InvariantCulture),
            ((i % 180) - 89.5).ToString("R", CultureInfo.InvariantCulture),
        }).ToArray();
        var reported = new List<long>();
        var catalog = CatalogLoader.Load(new TableCatalogReader(File, Header, rows), Selection,
            progress: new SyncProgress(reported));
        Assert.Equal(n, catalog.Count);
        Assert.Equal(n, catalog.RaDeg.Length);
        Assert.Equal(n, catalog.DecDeg.Length);
        Assert.Equal(n, catalog.Ids.Count);
        Assert.Equal(4321 * 0.07 % 360, catalog.RaDeg[4320]);
        Assert.Equal((4321 % 180) - 89.5, catalog.DecDeg[4320]);
        Assert.Equal("s4321", catalog.Ids[4320]);
        Assert.Equal(n, reported[^1]);
    }

    [Fact]
    public void RowsThatSkipNumbersKeepTheirOwn()
    {
        // A reader whose row numbers jump after the second row (none does today): identifiers and messages keep them.
        string?[][] rows = [["a", "1", "1"], ["b", "1", "1"], ["c", "1", "1"], ["b", "2", "2"]];
        var numbers = Load(new SkippingReader(new TableCatalogReader(File, Header, rows)), new CatalogSelection("ra", "dec", null));
        Assert.Equal(["1", "2", "13", "14"], numbers.Ids);
        var error = Assert.Throws<CatalogException>(() => Load(new SkippingReader(new TableCatalogReader(File, Header, rows)), Selection));
        Assert.Equal(CatalogErrorKind.DuplicateIdentifier, error.Kind);
        Assert.Equal(14, error.Row);
        Assert.Contains("already used by source #2", error.Message);

        static SourceCatalog Load(ICatalogReader reader, CatalogSelection selection) => CatalogLoader.Load(reader, selection);
    }

    private sealed class SkippingReader(TableCatalogReader inner) : ICatalogReader
    {
        public string FileName => inner.FileName;
        public CatalogFormat Format => inner.Format;
        public IReadOnlyList<CatalogColumn> Columns => inner.Columns;
        public long Row => inner.Row + (inner.Row > 2 ? 10 : 0);
        public bool Read() => inner.Read();
        public bool IsNull(int column) => inner.IsNull(column);
        public string GetText(int column) => inner.GetText(column);
        public bool TryGetDouble(int column, out double value) => inner.TryGetDouble(column, out value);
        public void Dispose() => inner.Dispose();
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(List<long> values) : IProgress<long>
    {
        public void Report(long value) => values.Add(value);
    }
}
