using System.Text;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Catalogs.Fits;
using FinkXmatch.Core.Tests.Catalogs.Fixtures;
using static FinkXmatch.Core.Tests.Catalogs.Fits.FitsFileBuilder;

namespace FinkXmatch.Core.Tests.Catalogs.Fits;

public sealed class FitsBadInputTests
{
    private static CatalogException OpenFails(byte[] bytes) =>
        Assert.Throws<CatalogException>(() => FitsCatalogReader.Open(new MemoryStream(bytes), "bad.fits").Dispose());

    // One primary block and six BINTABLE header blocks (41 columns with TUNIT/TUCD/TDISP cards).
    private const int DataStart = 2880 * 7;

    private static byte[] FourLac() => File.ReadAllBytes(TestData.Path("catalogs/4lac_dr3_l.fits"));

    /// <summary>The 4LAC file with one header card's value replaced (value field padded to 70 characters).</summary>
    private static byte[] WithCard(string keyword, string? value)
    {
        var bytes = FourLac();
        var text = Encoding.ASCII.GetString(bytes, 0, 2880 * 4);
        var at = text.IndexOf(keyword.PadRight(8) + "=", 2880, StringComparison.Ordinal);
        Assert.True(at > 0);
        var card = value is null ? "COMMENT   removed" : Card(keyword, value);
        Encoding.ASCII.GetBytes(card.PadRight(80)).CopyTo(bytes, at);
        return bytes;
    }

    [Fact]
    public void Empty_file() => Assert.Equal(CatalogErrorKind.EmptyFile, OpenFails([]).Kind);

    [Fact]
    public void Csv_text_is_not_fits() =>
        Assert.Equal(CatalogErrorKind.WrongFormat, OpenFails(Encoding.ASCII.GetBytes("ra,dec\n10,20\n")).Kind);

    [Fact]
    public void Large_non_fits_file_is_not_fits() =>
        Assert.Equal(CatalogErrorKind.WrongFormat, OpenFails(new byte[10_000]).Kind);

    [Fact]
    public void Primary_header_without_end_is_truncated() =>
        Assert.Equal(CatalogErrorKind.TruncatedFile, OpenFails(FourLac()[..1000]).Kind);

    [Fact]
    public void Primary_only_has_no_bintable() =>
        Assert.Equal(CatalogErrorKind.UnsupportedFormat, OpenFails(new FitsFileBuilder().Primary().ToArray()).Kind);

    [Fact]
    public void Image_extension_only_has_no_bintable()
    {
        var file = new FitsFileBuilder().Primary()
            .Header(Card("XTENSION", Str("IMAGE")), Card("BITPIX", "16"), Card("NAXIS", "1"), Card("NAXIS1", "10"),
                Card("PCOUNT", "0"), Card("GCOUNT", "1"))
            .Data(new byte[20]).ToArray();
        Assert.Equal(CatalogErrorKind.UnsupportedFormat, OpenFails(file).Kind);
    }

    [Theory]
    [InlineData("TFIELDS", null)]
    [InlineData("TFIELDS", "'forty'")]
    [InlineData("NAXIS2", "4.5")]
    [InlineData("TFORM2", null)]
    [InlineData("TFORM2", "'Z'")]
    [InlineData("TFORM2", "'99999999999999999999I'")]
    [InlineData("NAXIS1", "262")]
    [InlineData("NAXIS1", "-1")]
    [InlineData("TFORM1", "'17A'")]
    [InlineData("NAXIS2", "-3")]
    [InlineData("NAXIS2", "1000000000000000000")]
    [InlineData("TNULL2", "'abc'")]
    [InlineData("BITPIX", "16")]
    public void Missing_or_invalid_keywords_are_malformed(string keyword, string? value)
    {
        var e = OpenFails(WithCard(keyword, value));
        Assert.Equal(CatalogErrorKind.MalformedFile, e.Kind);
    }

    [Fact]
    public void Invalid_tscal_is_malformed() =>
        Assert.Equal(CatalogErrorKind.MalformedFile, OpenFails(FitsFixtureTests.Build(extraCards: Card("TSCAL10", "'x'"))).Kind);

    [Fact]
    public void Absurdly_wide_rows_are_refused() =>
        Assert.Equal(CatalogErrorKind.UnsupportedFormat, OpenFails(WithCard("NAXIS1", "2000000000")).Kind);

    [Fact]
    public void Plausible_but_huge_naxis2_is_truncated_without_allocating()
    {
        // 2^39 rows of 261 bytes: fits in a long, far beyond the bytes present. The block padding after the
        // 407 rows holds one more whole row, so the data "stops" in row 409.
        var e = OpenFails(WithCard("NAXIS2", "549755813888"));
        Assert.Equal((CatalogErrorKind.TruncatedFile, 409L), (e.Kind, e.Row));
    }

    [Fact]
    public void Truncated_data_names_the_first_incomplete_row_on_open_when_seekable()
    {
        var bytes = FourLac();
        var dataStart = DataStart;
        var e = OpenFails(bytes[..(dataStart + 99 * 261 + 100)]);
        Assert.Equal((CatalogErrorKind.TruncatedFile, 100L), (e.Kind, e.Row));
    }

    [Fact]
    public void Truncated_data_fails_in_the_row_it_stops_when_streamed()
    {
        var bytes = FourLac()[..(DataStart + 99 * 261 + 100)];
        using var reader = FitsCatalogReader.Open(new NonSeekableChunkStream(bytes), "cut.fits");
        for (var i = 0; i < 99; i++) Assert.True(reader.Read());
        var e = Assert.Throws<CatalogException>(() => reader.Read());
        Assert.Equal((CatalogErrorKind.TruncatedFile, 100L), (e.Kind, e.Row));
    }
}
