namespace FinkXmatch.Core.Catalogs;

/// <summary>What an uploaded catalog holds: its shape, its first rows as text and the guessed columns.</summary>
public sealed record CatalogSummary(
    string FileName,
    CatalogFormat Format,
    long Rows,
    IReadOnlyList<CatalogColumn> Columns,
    IReadOnlyList<IReadOnlyList<string>> Preview,
    CatalogGuess Guess,
    CsvSeparator? Separator = null);
