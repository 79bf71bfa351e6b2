using System.Text;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Catalogs.VOTable;
using FinkXmatch.Core.Tests.Catalogs.Fixtures;
using static FinkXmatch.Core.Tests.Catalogs.VOTable.VOTableHandWrittenTests;

namespace FinkXmatch.Core.Tests.Catalogs.VOTable;

public sealed class VOTableBadInputTests
{
    private static CatalogException OpenFails(string text) =>
        Assert.Throws<CatalogException>(() => Open(text).Dispose());

    private static CatalogException DrainFails(byte[] bytes, string fileName = "bad.vot")
    {
        return Assert.Throws<CatalogException>(() =>
        {
            using var reader = VOTableCatalogReader.Open(new MemoryStream(bytes), fileName);
            while (reader.Read()) { }
        });
    }

    [Fact]
    public void Empty_file() => Assert.Equal(CatalogErrorKind.EmptyFile, OpenFails("").Kind);

    [Fact]
    public void Csv_is_not_a_votable() => Assert.Equal(CatalogErrorKind.WrongFormat, OpenFails("ra,dec\n1,2\n").Kind);

    [Fact]
    public void Other_xml_root_is_not_a_votable() =>
        Assert.Equal(CatalogErrorKind.WrongFormat, OpenFails("<html><body/></html>").Kind);

    [Fact]
    public void External_entities_are_refused_not_resolved()
    {
        var e = OpenFails("""
            <?xml version="1.0"?>
            <!DOCTYPE VOTABLE [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <VOTABLE><RESOURCE><TABLE><FIELD name="a" datatype="char" arraysize="*"/>
            <DATA><TABLEDATA><TR><TD>&xxe;</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>
            """);
        Assert.Contains(e.Kind, new[] { CatalogErrorKind.WrongFormat, CatalogErrorKind.MalformedFile });
        Assert.DoesNotContain("root:", e.Message);
    }

    [Fact]
    public void No_table() =>
        Assert.Equal(CatalogErrorKind.MalformedFile, OpenFails("<VOTABLE><RESOURCE/></VOTABLE>").Kind);

    [Fact]
    public void Unknown_datatype_names_the_field()
    {
        var e = OpenFails(Document("""<FIELD name="z" datatype="quaternion"/>""", "<TABLEDATA/>"));
        Assert.Equal((CatalogErrorKind.MalformedFile, "z"), (e.Kind, e.Column));
    }

    [Fact]
    public void Bad_arraysize() =>
        Assert.Equal(CatalogErrorKind.MalformedFile,
            OpenFails(Document("""<FIELD name="v" datatype="int" arraysize="*x3"/>""", "<TABLEDATA/>")).Kind);

    [Fact]
    public void Fits_serialisation_and_external_streams_are_unsupported()
    {
        Assert.Equal(CatalogErrorKind.UnsupportedFormat,
            OpenFails(Document("""<FIELD name="a" datatype="int"/>""", """<FITS><STREAM href="x.fits"/></FITS>""")).Kind);
        Assert.Equal(CatalogErrorKind.UnsupportedFormat,
            OpenFails(Document("""<FIELD name="a" datatype="int"/>""", """<BINARY><STREAM href="http://x/y"/></BINARY>""")).Kind);
    }

    [Fact]
    public void Extra_cell_names_the_row()
    {
        var xml = Document("""<FIELD name="a" datatype="int"/>""", "<TABLEDATA><TR><TD>1</TD></TR><TR><TD>1</TD><TD>2</TD></TR></TABLEDATA>");
        var e = DrainFails(Encoding.UTF8.GetBytes(xml));
        Assert.Equal((CatalogErrorKind.MalformedFile, 2L), (e.Kind, e.Row));
    }

    [Fact]
    public void Truncated_tabledata_names_the_row()
    {
        var text = Encoding.UTF8.GetString(VOTableFixtureFiles.Bytes("sample_tabledata.xml"));
        var cut = text.IndexOf("<TD>359.999999", StringComparison.Ordinal);  // inside row 3
        var e = DrainFails(Encoding.UTF8.GetBytes(text[..cut]));
        Assert.Equal((CatalogErrorKind.TruncatedFile, 3L), (e.Kind, e.Row));
    }

    [Theory]
    [InlineData("sample_binary.xml")]
    [InlineData("sample_binary2.xml")]
    public void Truncated_binary_stream_names_the_row(string file)
    {
        var text = Encoding.UTF8.GetString(VOTableFixtureFiles.Bytes(file));
        var start = text.IndexOf("base64\">", StringComparison.Ordinal) + 8;
        // 200 base64 chars = 150 bytes: past row 1 (about 110 bytes), inside row 2; the document then ends.
        var e = DrainFails(Encoding.UTF8.GetBytes(text[..(start + 200)]));
        Assert.Equal((CatalogErrorKind.TruncatedFile, 2L), (e.Kind, e.Row));
    }

    [Fact]
    public void Binary_stream_ending_inside_a_row_is_truncated_even_when_the_xml_is_complete()
    {
        var xml = Document("""<FIELD name="a" datatype="int"/>""", """<BINARY><STREAM encoding="base64">AAAAAQAA</STREAM></BINARY>""");
        var e = DrainFails(Encoding.UTF8.GetBytes(xml));
        Assert.Equal((CatalogErrorKind.TruncatedFile, 2L), (e.Kind, e.Row));
    }

    [Fact]
    public void Invalid_base64_is_malformed()
    {
        var xml = Document("""<FIELD name="a" datatype="int"/>""", """<BINARY><STREAM encoding="base64">AA*AAQ!!</STREAM></BINARY>""");
        Assert.Equal(CatalogErrorKind.MalformedFile, DrainFails(Encoding.UTF8.GetBytes(xml)).Kind);
    }

    [Fact]
    public void Absurd_variable_length_is_refused_before_allocating()
    {
        // Count prefix 0x7FFFFFFF for a char "*" value.
        var xml = Document("""<FIELD name="s" datatype="char" arraysize="*"/>""", """<BINARY><STREAM encoding="base64">f////2Fi</STREAM></BINARY>""");
        var e = DrainFails(Encoding.UTF8.GetBytes(xml));
        Assert.Equal((CatalogErrorKind.MalformedFile, 1L, "s"), (e.Kind, e.Row, e.Column));
    }
}
