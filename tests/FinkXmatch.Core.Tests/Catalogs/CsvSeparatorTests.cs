using System.Text;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Tests;

namespace FinkXmatch.Core.Tests.Catalogs;

/// <summary>
/// Separators are detected, not demanded (issue 24): the real 3HSP catalog rewritten here with ';', '|', tabs and
/// astropy-style whitespace alignment reads back as the comma original, row by row and column by column.
/// </summary>
public class CsvSeparatorTests
{
    private static void AssertSameAsOriginal(string text, string fileName, CsvSeparator separator)
    {
        using var reader = CatalogReaders.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)), fileName);
        Assert.Equal(separator, reader.TextSeparator);
        var rows = RewrittenThreeHsp.Rows;
        Assert.Equal(RewrittenThreeHsp.Header, reader.Columns.Select(c => c.Name));
        var read = RewrittenThreeHsp.ReadAll(reader);
        Assert.Equal(2013, rows.Count);
        Assert.Equal(rows.Count, read.Count);
        for (var r = 0; r < rows.Count; r++) Assert.Equal(rows[r], read[r]);
    }

    [Theory]
    [InlineData(";", "3hsp-semicolons.csv", CsvSeparator.Semicolon)]
    [InlineData("|", "3hsp-pipes.csv", CsvSeparator.Pipe)]
    [InlineData("\t", "3hsp.tsv", CsvSeparator.Tab)]
    [InlineData("\t", "3hsp-tabs.csv", CsvSeparator.Tab)]
    [InlineData(",", "3hsp-commas.tsv", CsvSeparator.Comma)]
    [InlineData(" ; ", "3hsp-spaced-semicolons.txt", CsvSeparator.Semicolon)]
    public void The_3hsp_catalog_with_another_separator_reads_as_the_comma_original(string separator, string fileName, CsvSeparator expected) =>
        AssertSameAsOriginal(RewrittenThreeHsp.Write(separator), fileName, expected);

    [Fact]
    public void The_3hsp_catalog_aligned_with_whitespace_as_astropy_writes_it_reads_as_the_original()
    {
        // astropy's format="ascii": values separated by spaces, those holding spaces (and empty ones) quoted.
        var text = RewrittenThreeHsp.Write(" ", align: true);
        Assert.Matches("^id +\"3HSP Source name\" +\"BZcat name\" +R\\.A\\. +Dec ", text);
        Assert.Matches("\n1 +3HSPJ000116\\.4\\+293534 +\"\" +\"00 01 16\\.37\" +\"\\+29 35 34\\.0\" ", text);
        AssertSameAsOriginal(text, "3hsp-ascii.txt", CsvSeparator.Whitespace);
        AssertSameAsOriginal(RewrittenThreeHsp.Write(" "), "3hsp-ascii.csv", CsvSeparator.Whitespace);
    }

    [Fact]
    public void Sexagesimal_values_with_spaces_stay_one_value_when_the_header_says_so()
    {
        // R.A. and Dec written bare ("00 01 16.37"): the rows hold two parts more per coordinate than the header has
        // names, and only those two columns read as three-part sexagesimal values make every row fit the header.
        var text = RewrittenThreeHsp.Write("  ", align: true, bare: RewrittenThreeHsp.SexagesimalColumns);
        Assert.Contains(" 00 01 16.37 ", text, StringComparison.Ordinal);
        AssertSameAsOriginal(text, "3hsp-bare-sexagesimal.txt", CsvSeparator.Whitespace);

        // A header that names each part reads each as its own column.
        using var parts = OpenText("name RAh RAm RAs DEd DEm DEs\nA 12 34 56.7 +12 34 56\nB 01 02 03 -01 02 03\n", "parts.txt");
        Assert.Equal(7, parts.Columns.Count);
        Assert.Equal([["A", "12", "34", "56.7", "+12", "34", "56"], ["B", "01", "02", "03", "-01", "02", "03"]], RewrittenThreeHsp.ReadAll(parts));
    }

    [Fact]
    public void Sexagesimal_values_with_spaces_the_header_does_not_explain_are_refused_saying_how_to_write_them()
    {
        // Rows disagree: the first has the RA spaced, the second colons; no column layout fits both.
        var error = Assert.Throws<CatalogException>(() =>
        {
            using var reader = OpenText("name ra dec\nA 12 34 56.7 10.5\nB 12:34:56.7 11.5\n", "mixed.txt");
            RewrittenThreeHsp.ReadAll(reader);
        });
        Assert.Equal(1, error.Row);
        Assert.Contains("the row has 5 values separated by whitespace but the header has 3 columns", error.Message, StringComparison.Ordinal);
        Assert.Contains("quoted (\"12 34 56.7\")", error.Message, StringComparison.Ordinal);
        Assert.Contains("12:34:56.7", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a;b|c\n1;2|3\n", "x.csv", "';' (semicolon) into 2 columns as well as on '|' (pipe) into 2 columns")]
    [InlineData("a;b|c;d\n1;2|3;4\n5;6|7;8\n", "x.txt", "';' (semicolon) into 3 columns as well as on '|' (pipe) into 2 columns")]
    public void Two_separators_that_fit_equally_are_refused_naming_what_was_tried(string text, string fileName, string split)
    {
        var error = Assert.Throws<CatalogException>(() => OpenText(text, fileName).Dispose());
        Assert.Equal(CatalogErrorKind.WrongFormat, error.Kind);
        Assert.Contains($"cannot tell the separator: the header and the first", error.Message, StringComparison.Ordinal);
        Assert.Contains(split, error.Message, StringComparison.Ordinal);
        Assert.Contains("tried ',' (comma), tab, ';' (semicolon), '|' (pipe), whitespace", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b\tc\n1,2\t3\n", "x.csv", CsvSeparator.Comma, 2)]
    [InlineData("a,b\tc\n1,2\t3\n", "x.tsv", CsvSeparator.Tab, 2)]
    [InlineData("ra;dec\n1,5;2,5\n", "x.csv", CsvSeparator.Semicolon, 2)]
    [InlineData("ra,dec\n1,2\n3,4,5\n5,6\n", "x.csv", CsvSeparator.Comma, 2)]
    [InlineData("single\nA\nB\n", "x.csv", CsvSeparator.Comma, 1)]
    [InlineData("# comment; with | separators, all\nra|dec\n1|2\n", "x.csv", CsvSeparator.Pipe, 2)]
    [InlineData("\"a;b\",c\n\"1;2\",3\n", "x.csv", CsvSeparator.Comma, 2)]
    public void The_file_name_settles_a_tie_and_a_bad_row_does_not_change_the_separator(string text, string fileName, CsvSeparator expected, int columns)
    {
        using var reader = OpenText(text, fileName);
        Assert.Equal(expected, reader.TextSeparator);
        Assert.Equal(columns, reader.Columns.Count);
    }

    private static ICatalogReader OpenText(string text, string fileName) =>
        CatalogReaders.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)), fileName);
}
