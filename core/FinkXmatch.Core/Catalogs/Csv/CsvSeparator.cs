namespace FinkXmatch.Core.Catalogs;

/// <summary>What separates the values of a CSV/TSV/ASCII table's lines, as detected from its header and first rows.</summary>
public enum CsvSeparator
{
    Comma,
    Tab,
    Semicolon,
    Pipe,

    /// <summary>Runs of spaces and tabs, as astropy's <c>format="ascii"</c> writes (values with spaces quoted).</summary>
    Whitespace,
}

/// <summary>Names and characters of <see cref="CsvSeparator"/>.</summary>
public static class CsvSeparators
{
    /// <summary>The single-character separators, in the order ties are settled.</summary>
    public static IReadOnlyList<CsvSeparator> Characters { get; } = [CsvSeparator.Comma, CsvSeparator.Tab, CsvSeparator.Semicolon, CsvSeparator.Pipe];

    /// <summary>The name the API reports (<c>CatalogInfo.separator</c>): comma, tab, semicolon, pipe or whitespace.</summary>
    public static string Name(this CsvSeparator separator) => separator.ToString().ToLowerInvariant();

    /// <summary>The character of a single-character separator; ' ' for <see cref="CsvSeparator.Whitespace"/>.</summary>
    public static char Char(this CsvSeparator separator) => separator switch
    {
        CsvSeparator.Comma => ',',
        CsvSeparator.Tab => '\t',
        CsvSeparator.Semicolon => ';',
        CsvSeparator.Pipe => '|',
        _ => ' ',
    };

    /// <summary>How a message names it: "',' (comma)", "whitespace".</summary>
    public static string Describe(this CsvSeparator separator) => separator switch
    {
        CsvSeparator.Whitespace => "whitespace",
        CsvSeparator.Tab => "tab",
        _ => $"'{separator.Char()}' ({separator.Name()})",
    };

    /// <summary>The separator of a character (',', '\t', ';', '|').</summary>
    /// <exception cref="ArgumentOutOfRangeException">Any other character.</exception>
    public static CsvSeparator Of(char c) => c switch
    {
        ',' => CsvSeparator.Comma,
        '\t' => CsvSeparator.Tab,
        ';' => CsvSeparator.Semicolon,
        '|' => CsvSeparator.Pipe,
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, "not a CSV separator"),
    };
}
