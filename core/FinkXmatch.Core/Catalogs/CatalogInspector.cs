using System.Globalization;

namespace FinkXmatch.Core.Catalogs;

/// <summary>Summarises an uploaded catalog: row count, columns, a text preview and guessed coordinate columns.</summary>
public static class CatalogInspector
{
    /// <summary>
    /// Reads the whole catalog once to count its rows, keeping the first <paramref name="previewRows"/> as text (a
    /// Parquet file: its first pages and the row counts of its row groups, when its columns allow).
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
        var parquet = ParquetCatalogReader.Of(reader);
        var pages = parquet is null ? null : ParquetCatalogPreview.TryRead(parquet, previewRows);
        var preview = pages ?? new List<IReadOnlyList<string>>(Math.Min(previewRows, 100));
        long rows = 0;
        if (pages is not null)
        {
            // Its preview read from its pages, a Parquet table's rows are counted a row group at a time: a call per row
            // was most of a 10 M-row file's inspection (30-40 ms).
            var whole = reader is GuardedCatalogReader guarded ? guarded.SkipToEnd(parquet!, limits.MaxRows) : parquet!.SkipToEnd(limits.MaxRows);
            if (!whole) throw TooManyRows(reader, limits);
            rows = reader.Row;
        }
        else
        {
            while (reader.Read())
            {
                if (rows >= limits.MaxRows) throw TooManyRows(reader, limits);
                rows++;
                numbers?.Observe(reader);
                if (preview.Count < previewRows)
                {
                    var values = new string[columns.Count];
                    for (var i = 0; i < values.Length; i++) values[i] = reader.GetText(i);
                    preview.Add(values);
                }
            }
        }

        // Guessed on the reader's columns, as the CLI and the loader see them.
        var guess = ColumnGuesser.Guess(columns, preview);
        return new CatalogSummary(reader.FileName, reader.Format, rows, numbers?.Typed(columns) ?? columns, preview, guess, reader.TextSeparator);
    }

    private static CatalogException TooManyRows(ICatalogReader reader, CatalogLimits limits) => new(CatalogErrorKind.TooManyRows, reader.FileName,
        $"the catalog has more than {limits.MaxRows.ToString("N0", CultureInfo.InvariantCulture)} rows, the most accepted", reader.Row);

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
