using System.Text;

namespace FinkXmatch.Tests.Hostile;

/// <summary>CSV/TSV: damaged text, bad structure, bad encodings, bad identifiers.</summary>
internal static partial class HostileCorpus
{
    private static readonly HostileColumns NameRaDec = new("ra", "dec", "name");

    private static IEnumerable<HostileFile> Csv(ValidCatalogs valid)
    {
        var hsp = valid.ThreeHspCsv;
        var csv = Text(valid.DegreesCsv);
        yield return Upload("csv: empty file", "empty.csv", [], "empty.csv", "the file is empty");
        yield return Upload("csv: only spaces and newlines", "blank.csv", Utf8("  \n\n \r\n"), "blank.csv", "no header");
        yield return Upload("csv: only comments", "comments.csv", Utf8("# a comment\n# another\n"), "comments.csv", "no header");
        yield return Upload("csv: header only", "header-only.csv", Utf8("name,ra,dec\n"), "header-only.csv", "no data rows");
        yield return Upload("csv: header only with BOM", "bom-header.csv", [0xEF, 0xBB, 0xBF, .. Utf8("name,ra,dec\r\n")], "bom-header.csv", "no data rows");
        yield return Upload("csv: 3hsp truncated inside a quoted field", "3hsp-cut-quote.csv",
            hsp[..(Text(hsp).IndexOf("\"3HSPJ000158", StringComparison.Ordinal) + 6)], "3hsp-cut-quote.csv", "row 4", "quote");
        yield return Upload("csv: unterminated quote on the last row", "open-quote.csv", Utf8(csv + "X,\"10,20\n"), "open-quote.csv", "row 301", "quote");
        yield return Upload("csv: a row with too many fields", "extra-field.csv", Utf8(Replace(csv, "\n3HSP-5,", "\n3HSP-5,1,")), "extra-field.csv", "row 5", "fields");
        yield return Upload("csv: a row with too few fields", "short-row.csv", Utf8(Replace(csv, "\n3HSP-7,", "\n3HSP-7\n3HSP-7b,")), "short-row.csv", "row 7", "1 field", "3 columns");
        yield return Upload("csv: duplicated column", "dup-column.csv", Utf8(Replace(csv, "name,ra,dec", "name,ra,ra")), "dup-column.csv", "column 'ra'", "twice");
        yield return Upload("csv: duplicated column after trimming spaces", "dup-column-spaces.csv", Utf8(Replace(csv, "name,ra,dec", "name,ra , ra")), "dup-column-spaces.csv", "column 'ra'", "twice");
        yield return Upload("csv: empty column name", "empty-header.csv", Utf8(Replace(csv, "name,ra,dec", "name,,dec")), "empty-header.csv", "column 2", "no name");
        yield return Upload("csv: text after a closing quote", "after-quote.csv", Utf8(Replace(csv, "\n3HSP-9,", "\n\"3HSP-9\"x,")), "after-quote.csv", "row 9", "quote");
        yield return Upload("csv: NUL byte past the first 64 KiB", "late-nul.csv", Utf8(Replace(Text(hsp), "\n1500 ,", "\n15\u000000 ,")), "late-nul.csv", "row 1500", "column 'id'", "NUL", "binary");
        yield return Upload("csv: Latin-1 text (not UTF-8)", "latin1.csv", Encoding.Latin1.GetBytes(Replace(csv, "\n3HSP-3,", "\nNGC-é-3,")), "latin1.csv", "row 3", "column 'name'", "not UTF-8", "save the file as UTF-8");
        yield return Upload("csv: invalid UTF-8 in the header", "bad-utf8-header.csv", [.. Utf8("name,r"), 0xC3, 0x28, .. Utf8("a,dec\n1,2,3\n")], "bad-utf8-header.csv", "the header", "not UTF-8");
        yield return Upload("csv: UTF-16 with BOM", "utf16.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(csv)], "utf16.csv", "UTF-16", "UTF-8");
        yield return Upload("csv: UTF-16 without BOM", "utf16-nobom.csv", Encoding.Unicode.GetBytes(csv), "utf16-nobom.csv", "binary");
        yield return Upload("csv: gzip-compressed", "3hsp.csv", Gzip(hsp), "3hsp.csv", "gzip", "decompress");
        yield return Upload("csv: zip archive", "3hsp-zip.csv", Zip(hsp, "3hsp.csv"), "3hsp-zip.csv", "zip archive", "decompress");
        yield return Upload("csv: random bytes", "garbage.csv", Garbage(5000, 1), "garbage.csv", "binary");
        yield return Upload("csv: 5,000 columns", "wide.csv", Utf8(string.Join(',', Enumerable.Range(0, 5000).Select(i => $"c{i}")) + "\n" + string.Join(',', Enumerable.Repeat("1", 5000)) + "\n"),
            "wide.csv", "5000 columns", "1000");
        yield return new HostileFile("csv: more rows than the service's limit", "many.csv",
            Utf8("ra,dec\n" + string.Concat(Enumerable.Repeat("1,2\n", (int)MaxCatalogRows + 1))), HostileStage.Upload,
            ["many.csv", "row 20001", "more than 20,000 rows", "FinkXmatch:MaxCatalogRows"], Status: 413, Targets: HostileTargets.Http);
        yield return new HostileFile("csv: larger than the service's upload limit", "huge.csv",
            Utf8("name,ra,dec\n" + string.Concat(Enumerable.Range(0, (int)(MaxUploadBytes / 25)).Select(i => $"source-{i:D10},10.5,-3.25\n"))), HostileStage.Upload,
            ["huge.csv", "larger than 8 MiB", "FinkXmatch:MaxUploadBytes"], Status: 413, Targets: HostileTargets.Http);
        yield return Values("csv: a 3 MiB value without a newline", "long-value.csv", Utf8("name,ra,dec\nA,10,1" + new string('x', 3 << 20)), NameRaDec,
            "long-value.csv", "row 1", "'dec'", "(3145729 characters)");
        yield return Upload("csv: a 20 MiB line", "long-line.csv", Utf8("name,ra,dec\nA,10," + new string('9', 20 << 20) + "\n"), "long-line.csv", "row 1", "longer than 16 M characters") with
        {
            // Over the service's upload limit: the CLI (no limit) reads it and refuses the line.
            Targets = HostileTargets.Cli,
        };
        // Separators are detected (issue 24): refused only when two fit equally, or when whitespace splits a value.
        yield return Upload("csv: two separators fit the header and every row", "two-separators.csv",
            Utf8(string.Join('\n', csv.Split('\n').Select(l => ReplaceFirst(ReplaceFirst(l, ",", ";"), ",", "|")))), "two-separators.csv",
            "cannot tell the separator", "';' (semicolon) into 2 columns", "'|' (pipe) into 2 columns", "tried ',' (comma), tab, ';' (semicolon), '|' (pipe), whitespace");
        yield return Upload("txt: whitespace table with a name holding a space", "spaced-name.txt",
            Utf8(Replace(csv.Replace(',', ' '), "\n3HSP-5 ", "\n3HSP 5 ")), "spaced-name.txt", "row 5", "4 values separated by whitespace", "3 columns", "quoted");
        yield return Upload("csv: NUL bytes inside a quoted field", "nul-quoted.csv", Utf8(Replace(csv, "\n3HSP-12,", "\n\"3HSP\u0000-12\",")), "nul-quoted.csv", "binary");
        yield return Upload("tsv: ragged rows", "ragged.tsv", Utf8(Replace(Text(valid.DegreesTsv), "\n3HSP-2\t", "\n3HSP-2\t\t")), "ragged.tsv", "row 2", "fields");

        yield return Values("csv: empty identifier", "empty-id.csv", Utf8(Replace(csv, "\n3HSP-6,", "\n,")), NameRaDec, "empty-id.csv", "row 6", "identifier is empty");
        yield return Values("csv: blank identifier", "blank-id.csv", Utf8(Replace(csv, "\n3HSP-6,", "\n   ,")), NameRaDec, "blank-id.csv", "row 6", "identifier is empty");
        yield return Values("csv: duplicated identifier", "dup-id.csv", Utf8(Replace(csv, "\n3HSP-8,", "\n3HSP-2,")), NameRaDec, "dup-id.csv", "row 8", "'3HSP-2' is already used");
        yield return Values("csv: duplicated identifier far apart", "dup-id-far.csv", Utf8(csv + "3HSP-1,1,1\n"), NameRaDec, "dup-id-far.csv", "row 301", "'3HSP-1' is already used", "row 1");
    }

    // The first occurrence replaced, if any (a line of the file that may be blank).
    private static string ReplaceFirst(string text, string find, string replacement) =>
        text.Contains(find, StringComparison.Ordinal) ? Replace(text, find, replacement) : text;
}
