using System.Globalization;

namespace FinkXmatch.Core.Catalogs;

/// <summary>Summarises an uploaded catalog: row count, columns, a text preview and guessed coordinate columns.</summary>
public static class CatalogInspector
{
    /// <summary>
    /// Reads the whole catalog once to count its rows, keeping the first <paramref name="previewRows"/> as text.
    /// Throws <see cref="CatalogErrorKind.TooManyColumns"/> / <see cref="CatalogErrorKind.TooManyRows"/> past
    /// <paramref name="limits"/>. A catalog without rows is summarised with <see cref="CatalogSummary.Rows"/> = 0;
    /// loading it for matching fails with <see cref="CatalogErrorKind.EmptyFile"/>.
    /// </summary>
    public static CatalogSummary Inspect(ICatalogReader reader, int previewRows = 10, CatalogLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(previewRows);
        limits ??= CatalogLimits.Default;
        CheckColumnCount(reader, limits);

        var columns = reader.Columns;
        // A text table's columns are text to the reader; the ones whose every value is a number are reported as such.
        var numbers = reader.TextSeparator is null ? null : new NumberColumns(columns.Count);
        // A Parquet file's first rows straight from its first pages, when it can; else as they are read below.
        var pages = ParquetCatalogReader.Of(reader) is { } parquet ? ParquetCatalogPreview.TryRead(parquet, previewRows) : null;
        var preview = pages ?? new List<IReadOnlyList<string>>(Math.Min(previewRows, 100));
        long rows = 0;
        while (reader.Read())
        {
            if (rows >= limits.MaxRows)
            {
                throw new CatalogException(CatalogErrorKind.TooManyRows, reader.FileName,
                    $"the catalog has more than {limits.MaxRows.ToString("N0", CultureInfo.InvariantCulture)} rows, the most accepted",
                    reader.Row);
            }
            rows++;
            numbers?.Observe(reader);
            if (pages is null && preview.Count < previewRows)
            {
                var values = new string[columns.Count];
                for (var i = 0; i < values.Length; i++) values[i] = reader.GetText(i);
                preview.Add(values);
            }
        }

        // Guessed on the reader's columns, as the CLI and the loader see them.
        var guess = ColumnGuesser.Guess(columns, preview);
        return new CatalogSummary(reader.FileName, reader.Format, rows, numbers?.Typed(columns) ?? columns, preview, guess, reader.TextSeparator);
    }

    internal static void CheckColumnCount(ICatalogReader reader, CatalogLimits limits)
    {
        var count = reader.Columns.Count;
        if (count > limits.MaxColumns)
        {
            throw new CatalogException(CatalogErrorKind.TooManyColumns, reader.FileName,
                $"the catalog has {count.ToString(CultureInfo.InvariantCulture)} columns, more than the {limits.MaxColumns.ToString(CultureInfo.InvariantCulture)} accepted");
        }
    }
}
