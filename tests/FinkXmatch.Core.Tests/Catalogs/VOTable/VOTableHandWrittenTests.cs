using System.Buffers.Binary;
using System.Text;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Catalogs.VOTable;

namespace FinkXmatch.Core.Tests.Catalogs.VOTable;

/// <summary>VOTable cases written by hand: names from ID, variable-length binary values, odd TABLEDATA spellings.</summary>
public sealed class VOTableHandWrittenTests
{
    internal static VOTableCatalogReader Open(string xml) =>
        VOTableCatalogReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "hand.vot");

    internal static string Document(string fields, string data) => $"""
        <?xml version="1.0"?>
        <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
          <RESOURCE><INFO name="QUERY_STATUS" value="OK"/>
            <RESOURCE>
              <TABLE name="t">
                <DESCRIPTION>a <b>table</b></DESCRIPTION>
                <PARAM name="epoch" datatype="double" value="2000"/>
                {fields}
                <GROUP><FIELDref ref="a"/></GROUP>
                <DATA>{data}</DATA>
              </TABLE>
            </RESOURCE>
          </RESOURCE>
        </VOTABLE>
        """;

    [Fact]
    public void Column_names_fall_back_to_ID_then_position()
    {
        using var reader = Open(Document("""
            <FIELD ID="a" datatype="int"/><FIELD name="" ID="b_id" datatype="double"><DESCRIPTION>x</DESCRIPTION></FIELD>
            <FIELD datatype="char" arraysize="*"/>
            """, "<TABLEDATA/>"));
        Assert.Equal(["a", "b_id", "col3"], reader.Columns.Select(c => c.Name));
        Assert.False(reader.Read());
        Assert.Equal(0, reader.Row);
    }

    [Fact]
    public void Tabledata_accepts_hex_infinities_cdata_and_short_or_empty_rows()
    {
        using var reader = Open(Document("""
            <FIELD name="i" datatype="long"/><FIELD name="x" datatype="float"/><FIELD name="s" datatype="char" arraysize="*"/>
            <FIELD name="c" datatype="doubleComplex"/><FIELD name="b" datatype="bit" arraysize="4"/>
            """, """
            <TABLEDATA>
              <TR><TD> 0x1F </TD><TD>+Inf</TD><TD><![CDATA[a<b]]> &amp; c  </TD><TD>1.5 -2</TD><TD>1 0 1 1</TD></TR>
              <TR><TD>-5</TD><TD>NaN</TD></TR>
              <TR/>
              <TR><TD>7</TD></TR>
            </TABLEDATA>
            """));
        Assert.True(reader.Read());
        Assert.True(reader.TryGetDouble(0, out var i));
        Assert.Equal(31, i);
        Assert.True(reader.TryGetDouble(1, out var x));
        Assert.Equal(double.PositiveInfinity, x);
        Assert.Equal("a<b & c", reader.GetText(2));
        Assert.Equal("(1.5, -2)", reader.GetText(3));
        Assert.Equal("[true, false, true, true]", reader.GetText(4));
        Assert.True(reader.Read());
        Assert.Equal("-5", reader.GetText(0));
        Assert.True(reader.IsNull(1));
        Assert.True(reader.IsNull(2));
        Assert.True(reader.IsNull(4));
        Assert.True(reader.Read());
        Assert.True(reader.IsNull(0));
        Assert.True(reader.Read());
        Assert.Equal("7", reader.GetText(0));
        Assert.Equal(4, reader.Row);
        Assert.False(reader.Read());
    }

    /// <summary>BINARY bytes built by hand (VOTable 1.4 §5.4) for the layouts astropy does not write.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Binary_reads_variable_lengths_unicode_bits_and_complex(bool binary2)
    {
        var bytes = new List<byte>();
        void Int(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, v); bytes.AddRange(b); }
        void Float(float v) { var b = new byte[4]; BinaryPrimitives.WriteSingleBigEndian(b, v); bytes.AddRange(b); }
        for (var row = 0; row < 2; row++)
        {
            if (binary2) bytes.Add(row == 0 ? (byte)0 : (byte)0b0000_0100); // row 2: field 6 (short) masked
            Int(2); bytes.AddRange("hi"u8.ToArray());                         // char arraysize="10*"
            Int(row == 0 ? 1 : 0); if (row == 0) bytes.AddRange([0x00, 0xE9]); // unicodeChar "*": "é" then empty
            bytes.Add((byte)'?');                                             // boolean null
            bytes.Add(0b1010_0000);                                           // bit arraysize="3"
            Float(1.5f); Float(-2f);                                          // floatComplex
            bytes.AddRange([0xFF, 0xFE]);                                     // short -2
        }
        var element = binary2 ? "BINARY2" : "BINARY";
        using var reader = Open(Document("""
            <FIELD name="s" datatype="char" arraysize="10*"/><FIELD name="u" datatype="unicodeChar" arraysize="*"/>
            <FIELD name="b" datatype="boolean"/><FIELD name="bits" datatype="bit" arraysize="3"/>
            <FIELD name="c" datatype="floatComplex"/><FIELD name="n" datatype="short"/>
            """, $"<{element}><STREAM encoding=\"base64\">{Convert.ToBase64String([.. bytes], Base64FormattingOptions.InsertLineBreaks)}</STREAM></{element}>"));
        Assert.Equal(
            [CatalogColumnType.String, CatalogColumnType.String, CatalogColumnType.Boolean, CatalogColumnType.Other,
             CatalogColumnType.Other, CatalogColumnType.Int32],
            reader.Columns.Select(c => c.Type));
        Assert.True(reader.Read());
        Assert.Equal(["hi", "é", "", "[true, false, true]", "(1.5, -2)", "-2"], Enumerable.Range(0, 6).Select(reader.GetText));
        Assert.True(reader.IsNull(2));
        Assert.True(reader.Read());
        Assert.True(reader.IsNull(1));
        Assert.Equal(binary2, reader.IsNull(5));
        Assert.Equal(!binary2, reader.TryGetDouble(5, out _));
        Assert.False(reader.Read());
    }

    [Fact]
    public void A_table_without_data_has_no_rows()
    {
        using var reader = Open("""<VOTABLE><RESOURCE><TABLE><FIELD name="a" datatype="int"/></TABLE></RESOURCE></VOTABLE>""");
        Assert.Single(reader.Columns);
        Assert.False(reader.Read());
    }
}
