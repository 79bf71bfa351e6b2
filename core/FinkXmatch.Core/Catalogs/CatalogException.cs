namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The first problem found in a catalog, with where it is: file, 1-based data row (not counting the header)
/// and column. <see cref="Exception.Message"/> is one line a person can act on; the CLI prints it as is and the
/// HTTP API returns it as the problem's detail.
/// </summary>
public sealed class CatalogException : Exception
{
    public CatalogException(CatalogErrorKind kind, string fileName, string detail,
        long? row = null, string? column = null, Exception? inner = null)
        : base(Format(fileName, row, column, detail), inner)
    {
        Kind = kind;
        FileName = fileName;
        Row = row;
        Column = column;
        Detail = detail;
    }

    public CatalogErrorKind Kind { get; }
    public string FileName { get; }
    public long? Row { get; }
    public string? Column { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Detail { get; }

    /// <summary>A cell value as a message quotes it: whole when short, its start and its length when long.</summary>
    public static string Quote(string value)
    {
        const int MaxQuoted = 60;
        return value.Length <= MaxQuoted ? value : $"{value[..MaxQuoted]}... ({value.Length} characters)";
    }

    private static string Format(string fileName, long? row, string? column, string detail)
    {
        var where = fileName;
        if (row is { } r) where += $", row {r}";
        if (column is not null) where += $", column '{column}'";
        // Keep it on one line whatever the input held.
        return $"{where}: {detail}".ReplaceLineEndings(" ");
    }
}
