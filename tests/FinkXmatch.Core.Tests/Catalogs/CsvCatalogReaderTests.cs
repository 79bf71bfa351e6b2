using System.Text;
using FinkXmatch.Core.Catalogs;

namespace FinkXmatch.Core.Tests.Catalogs;

public class CsvCatalogReaderTests
{
    private static CsvCatalogReader OpenText(string text, string fileName = "t.csv", char? separator = null, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bom) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        return CsvCatalogReader.Open(new MemoryStream(bytes), fileName, separator);
    }

    private static List<string[]> ReadAll(ICatalogReader reader)
    {
        var rows = new List<string[]>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.Columns.Count).Select(reader.GetText).ToArray());
        return rows;
    }

    private static CatalogException ReadAllFails(string text)
    {
        return Assert.Throws<CatalogException>(() =>
        {
            using var reader = OpenText(text);
            ReadAll(reader);
        });
    }

    [Fact]
    public void Reads_the_3hsp_catalog()
    {
        using var reader = CsvCatalogReader.Open(File.OpenRead(TestData.Path("catalogs/3hsp.csv")), "3hsp.csv");
        string[] expected =
        [
            "id", "3HSP Source name", "BZcat name", "R.A.", "Dec", "NVSS/FIRSTflux density(mJy)",
            "X-ray flux d. @ 1keV (μJy)", "Log(peak flux)", "FOM", "γ-ray counterpart", "Fermi γ-ray slope", "2WHSP name",
        ];
        Assert.Equal(expected, reader.Columns.Select(c => c.Name));
        Assert.All(reader.Columns, c => Assert.Equal(CatalogColumnType.String, c.Type));
        Assert.Equal(CatalogFormat.Csv, reader.Format);

        // References computed independently with Python's csv module (skipinitialspace, fields stripped).
        var rows = 0;
        var gammaCounterparts = 0;
        var fomSum = 0.0;
        while (reader.Read())
        {
            rows++;
            Assert.Equal(rows, reader.Row);
            Assert.True(reader.TryGetDouble(0, out var id));
            Assert.Equal(rows, id);
            Assert.True(reader.TryGetDouble(8, out var fom));
            fomSum += fom;
            if (!reader.IsNull(9)) gammaCounterparts++;
            switch (rows)
            {
                case 1:
                    Assert.Equal("3HSPJ000116.4+293534", reader.GetText(1));
                    Assert.True(reader.IsNull(2));
                    Assert.Equal("", reader.GetText(2));
                    Assert.Equal("00 01 16.37", reader.GetText(3));
                    Assert.Equal("+29 35 34.0", reader.GetText(4));
                    Assert.Equal("-12.9?", reader.GetText(7));
                    Assert.False(reader.TryGetDouble(7, out _));
                    Assert.Equal(0.05, fom);
                    break;
                case 2:
                    Assert.True(reader.TryGetDouble(6, out var xray));
                    Assert.Equal(0.23, xray);
                    Assert.Equal("-31 50 43.0", reader.GetText(4));
                    break;
                case 2013:
                    Assert.Equal("3HSPJ235955.0+314600", reader.GetText(1));
                    Assert.Equal("23 59 55.3", reader.GetText(3));
                    Assert.Equal("+31 46 00.01", reader.GetText(4));
                    Assert.Equal("2WHSPJ235955.3+314600", reader.GetText(11));
                    break;
            }
        }
        Assert.Equal(2013, rows);
        Assert.Equal(1004, gammaCounterparts);
        Assert.Equal(1454.02, fomSum, 1e-6);
        Assert.False(reader.Read());
    }

    [Fact]
    public void Quoted_fields_keep_separators_newlines_and_escaped_quotes()
    {
        using var reader = OpenText("name,note,x\n\"a,b\",\"line1\nline2\",1.5\n\"say \"\"hi\"\"\",\"\",\"2e3\"\n");
        var rows = ReadAll(reader);
        Assert.Equal(["a,b", "line1\nline2", "1.5"], rows[0]);
        Assert.Equal(["say \"hi\"", "", "2e3"], rows[1]);
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public void Quoted_number_parses_and_escaped_quote_does_not()
    {
        using var reader = OpenText("a,b\n\"2e3\",\"1\"\"\"\n");
        Assert.True(reader.Read());
        Assert.True(reader.TryGetDouble(0, out var v));
        Assert.Equal(2000, v);
        Assert.False(reader.TryGetDouble(1, out _));
        Assert.False(reader.IsNull(1));
        Assert.Equal("1\"", reader.GetText(1));
    }

    [Fact]
    public void Spaces_around_separators_are_trimmed_inside_quotes_kept()
    {
        using var reader = OpenText("  a  ,  b \n  1 ,  \" x \"  \n");
        Assert.Equal(["a", "b"], reader.Columns.Select(c => c.Name));
        Assert.Equal([["1", " x "]], ReadAll(reader));
    }

    [Fact]
    public void Comments_and_blank_lines_are_skipped_anywhere()
    {
        using var reader = OpenText("# produced by a tool\n\n#another\nra,dec\n# between\n1,2\n\n   \n#x,y\n3,4\n# trailing");
        var rows = ReadAll(reader);
        Assert.Equal([["1", "2"], ["3", "4"]], rows);
        Assert.Equal(2, reader.Row);
    }

    [Fact]
    public void Bom_crlf_and_missing_final_newline()
    {
        using var reader = OpenText("ra,dec\r\n1,2\r\n3,4", bom: true);
        Assert.Equal("ra", reader.Columns[0].Name);
        Assert.Equal([["1", "2"], ["3", "4"]], ReadAll(reader));
    }

    [Fact]
    public void Tsv_keeps_commas_and_spaces_inside_fields()
    {
        using var reader = OpenText("name\tflux, mJy\nM 31\t1,5\n", "t.tsv", separator: '\t');
        Assert.Equal(CatalogFormat.Tsv, reader.Format);
        Assert.Equal(["name", "flux, mJy"], reader.Columns.Select(c => c.Name));
        Assert.Equal([["M 31", "1,5"]], ReadAll(reader));
    }

    [Fact]
    public void Csv_header_with_tabs_and_no_commas_is_read_as_tsv()
    {
        using var reader = OpenText("ra\tdec\n1.5\t-2\n");
        Assert.Equal(CatalogFormat.Tsv, reader.Format);
        Assert.True(reader.Read());
        Assert.True(reader.TryGetDouble(1, out var dec));
        Assert.Equal(-2, dec);
    }

    [Fact]
    public void Numbers_use_the_invariant_culture()
    {
        using var reader = OpenText("a,b,c,d,e\n-1.25e-3, NaN ,-Infinity,\"1,5\",0x10\n");
        Assert.True(reader.Read());
        Assert.True(reader.TryGetDouble(0, out var a));
        Assert.Equal(-1.25e-3, a);
        Assert.True(reader.TryGetDouble(1, out var b));
        Assert.True(double.IsNaN(b));
        Assert.True(reader.TryGetDouble(2, out var c));
        Assert.Equal(double.NegativeInfinity, c);
        Assert.False(reader.TryGetDouble(3, out _));
        Assert.False(reader.TryGetDouble(4, out _));
    }

    [Fact]
    public void Ragged_rows_name_the_row()
    {
        var fewer = ReadAllFails("a,b,c\n1,2,3\n4,5\n");
        Assert.Equal(CatalogErrorKind.MalformedFile, fewer.Kind);
        Assert.Equal(2, fewer.Row);
        Assert.Contains("2 fields", fewer.Message);

        var more = ReadAllFails("a,b\n# c\n1,2\n\n3,4\n5,6,7\n");
        Assert.Equal(CatalogErrorKind.MalformedFile, more.Kind);
        Assert.Equal(3, more.Row);
    }

    [Fact]
    public void Unterminated_quote_is_a_truncated_file()
    {
        var e = ReadAllFails("a,b\n1,2\n3,\"unfinished\n4,5\n");
        Assert.Equal(CatalogErrorKind.TruncatedFile, e.Kind);
        Assert.Equal(2, e.Row);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_malformed()
    {
        var e = ReadAllFails("a,b\n\"x\"y,2\n");
        Assert.Equal(CatalogErrorKind.MalformedFile, e.Kind);
        Assert.Equal(1, e.Row);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    [InlineData("# only a comment\n")]
    public void No_header_is_an_empty_file(string text)
    {
        var e = Assert.Throws<CatalogException>(() => OpenText(text));
        Assert.Equal(CatalogErrorKind.EmptyFile, e.Kind);
    }

    [Fact]
    public void Header_only_has_no_rows()
    {
        using var reader = OpenText("ra,dec\n# nothing else\n");
        Assert.Equal(2, reader.Columns.Count);
        Assert.False(reader.Read());
        Assert.Equal(0, reader.Row);
    }

    [Fact]
    public void Duplicate_and_empty_header_names_are_refused()
    {
        var dup = Assert.Throws<CatalogException>(() => OpenText("ra, dec ,\"dec\"\n1,2,3\n"));
        Assert.Equal(CatalogErrorKind.DuplicateColumn, dup.Kind);
        Assert.Equal("dec", dup.Column);

        var empty = Assert.Throws<CatalogException>(() => OpenText("ra,,dec\n1,2,3\n"));
        Assert.Equal(CatalogErrorKind.MalformedFile, empty.Kind);
        Assert.Contains("column 2", empty.Message);
    }

    [Fact]
    public void Invalid_utf8_is_refused_naming_row_and_column()
    {
        byte[] bytes = [.. "name,x\nok,1\n"u8, 0x41, 0xFF, 0xFE, 0x42, (byte)',', (byte)'2', (byte)'\n'];
        using var reader = CsvCatalogReader.Open(new MemoryStream(bytes), "bad.csv");
        Assert.True(reader.Read());
        Assert.Equal("ok", reader.GetText(0));
        var error = Assert.Throws<CatalogException>(() => reader.Read());
        Assert.Equal("bad.csv, row 2, column 'name': this row holds bytes that are not UTF-8 text (Latin-1 or another legacy encoding?): save the file as UTF-8", error.Message);
    }

    [Fact]
    public void A_valid_replacement_character_is_text_like_any_other()
    {
        using var reader = CsvCatalogReader.Open(new MemoryStream("name,x\nA\uFFFDB,1\n"u8.ToArray()), "ok.csv");
        Assert.True(reader.Read());
        Assert.Equal("A\uFFFDB", reader.GetText(0));
    }

    [Fact]
    public void Records_spanning_many_buffer_refills_are_read_whole()
    {
        // Fields far larger than the 64 K buffer, a quoted one with escapes, read through a stream that returns
        // a few bytes at a time so that every boundary case of the refill is hit.
        var big = new string('x', 200_000);
        var quoted = string.Concat(Enumerable.Repeat("ab\"\"c,\n", 30_000));
        var text = $"a,b\n{big},\"{quoted}\"\n1,2\n";
        using var reader = CsvCatalogReader.Open(new TrickleStream(Encoding.UTF8.GetBytes(text), 7), "big.csv");
        Assert.True(reader.Read());
        Assert.Equal(big, reader.GetText(0));
        Assert.Equal(quoted.Replace("\"\"", "\""), reader.GetText(1));
        Assert.True(reader.Read());
        Assert.Equal("2", reader.GetText(1));
        Assert.False(reader.Read());
    }

    [Fact]
    public void Many_rows_match_a_reference_sum()
    {
        var sb = new StringBuilder("id,ra,dec\r\n");
        double expected = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var ra = i * 0.0072;
            sb.Append(i).Append(',').Append(ra.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append(",-1.5\r\n");
            expected += ra;
        }
        using var reader = CsvCatalogReader.Open(new TrickleStream(Encoding.UTF8.GetBytes(sb.ToString()), 4093), "many.csv");
        double sum = 0;
        while (reader.Read())
        {
            Assert.True(reader.TryGetDouble(1, out var ra));
            sum += ra;
        }
        Assert.Equal(50_000, reader.Row);
        Assert.Equal(expected, sum);
    }

    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read, like a slow network.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }
}
