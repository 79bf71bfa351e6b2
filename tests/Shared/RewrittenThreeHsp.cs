using System.Text;
using FinkXmatch.Core.Catalogs;

namespace FinkXmatch.Tests;

/// <summary>
/// The real 3HSP catalog (<c>catalogs/3hsp.csv</c>, commas) rewritten with another separator, as other tools write
/// tables: ';' (European spreadsheets), '|', tabs, or astropy's <c>format="ascii"</c> whitespace alignment with the
/// values that hold spaces quoted. Linked into every test project.
/// </summary>
internal static class RewrittenThreeHsp
{
    private static readonly Lazy<(string[] Header, List<string[]> Rows)> Comma = new(() =>
    {
        using var reader = CatalogReaders.Open(TestData.Path("catalogs/3hsp.csv"));
        return (reader.Columns.Select(c => c.Name).ToArray(), ReadAll(reader));
    });

    /// <summary>The comma original's column names.</summary>
    public static string[] Header => Comma.Value.Header;

    /// <summary>The comma original's rows, as the reader gives them.</summary>
    public static List<string[]> Rows => Comma.Value.Rows;

    /// <summary>Every row of <paramref name="reader"/> as text.</summary>
    public static List<string[]> ReadAll(ICatalogReader reader)
    {
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.Columns.Count).Select(reader.GetText).ToArray());
        return rows;
    }

    /// <summary>
    /// The table written with <paramref name="separator"/> (" " or more spaces: whitespace-separated), columns padded
    /// to one width when <paramref name="align"/>; a value is quoted when it must be (it holds the separator or a
    /// quote, has outer spaces, or is empty in a whitespace table) unless <paramref name="bare"/> names its column.
    /// </summary>
    public static string Write(string separator, bool align = false, Func<string, bool>? bare = null)
    {
        var (header, rows) = Comma.Value;
        var whitespace = separator.Trim().Length == 0;
        var mark = whitespace ? " " : separator.Trim();
        string Cell(string value, int column)
        {
            var quote = value.Contains('"') || value != value.Trim()
                || (value.Contains(mark, StringComparison.Ordinal) && bare?.Invoke(header[column]) != true) || (whitespace && value.Length == 0);
            return quote ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
        }
        var lines = rows.Prepend(header).Select(r => r.Select(Cell).ToArray()).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => align ? lines.Max(l => l[c].Length) : 0).ToArray();
        var text = new StringBuilder();
        foreach (var line in lines) text.AppendJoin(separator, line.Select((v, c) => v.PadRight(widths[c])).ToArray()).Append('\n');
        return text.ToString();
    }

    /// <summary>R.A. and Dec as written in 3HSP ("00 01 16.37"), left bare in a whitespace table.</summary>
    public static bool SexagesimalColumns(string column) => column is "R.A." or "Dec";
}
