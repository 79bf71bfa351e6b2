using System.Globalization;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Loads the positions and identifiers of a catalog for matching, validating every row and stopping at the first
/// problem with a <see cref="CatalogException"/> that names the file, row and column. Identifiers are held as UTF-8
/// (<see cref="CatalogIdentifiers"/>), and repeats are looked for once they are all read, among their hashes; a
/// repeat is still reported as the first problem when a later row has another.
/// </summary>
public static class CatalogLoader
{
    /// <summary>The identifier column name used when sources are identified by their 1-based row number.</summary>
    public const string RowNumberIdColumn = "row";

    private const int ProgressEvery = 1 << 16;

    /// <summary>
    /// Reads every row of <paramref name="reader"/>. <paramref name="progress"/> receives the number of rows read so
    /// far, now and then and once at the end.
    /// </summary>
    public static SourceCatalog Load(ICatalogReader reader, CatalogSelection selection,
        CatalogLimits? limits = null, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(selection);
        limits ??= CatalogLimits.Default;
        var file = reader.FileName;
        var columns = reader.Columns;
        CatalogInspector.CheckColumnCount(reader, limits);

        var ra = new CoordinateColumnReader(columns,
            ColumnLookup.Find(columns, selection.RaColumn, file, "RA"), isRa: true, selection.Format, file);
        var dec = new CoordinateColumnReader(columns,
            ColumnLookup.Find(columns, selection.DecColumn, file, "Dec"), isRa: false, selection.Format, file);
        var idIndex = selection.IdColumn is null ? -1 : ColumnLookup.Find(columns, selection.IdColumn, file, "identifier");
        var idName = idIndex < 0 ? RowNumberIdColumn : columns[idIndex].Name;
        var maxRows = (int)Math.Min(limits.MaxRows, Array.MaxLength);

        // A Parquet file's columns straight from its pages when nothing in them needs a message; otherwise row by row.
        if (ParquetCatalogReader.Of(reader) is { } parquet
            && ParquetCatalogLoader.TryLoad(parquet, ra.Index, dec.Index, idIndex, maxRows, progress) is { } pages)
        {
            if (pages.Ids is null) return new SourceCatalog(file, idName, pages.Ra, pages.Dec, CatalogIdentifiers.RowNumbers(1, pages.Ra.Length));
            if (!pages.Ascending && pages.Ids.Integers is { } integers) CheckUnique(integers, file, idName);
            else if (!pages.Ascending) CheckUnique(pages.Ids, file, idName, pages.Ids.Count, 1, null);
            return new SourceCatalog(file, idName, pages.Ra, pages.Dec, pages.Ids);
        }

        var raDeg = new GrowableArray<double>(maxRows);
        var decDeg = new GrowableArray<double>(maxRows);
        var ids = new CatalogIdentifiersBuilder(maxRows);
        var count = 0;
        long firstRow = 0;
        List<long>? rowOf = null;     // each source's row, once rows are not consecutive (never so far)
        try
        {
            while (reader.Read())
            {
                var row = reader.Row;
                if (count == 0) firstRow = row;
                else if (rowOf is null && row != firstRow + count)
                {
                    rowOf = [.. Enumerable.Range(0, count).Select(i => firstRow + i)];
                    // Row numbers as identifiers are then held as text too, from the first row.
                    if (idIndex < 0 && rowOf.Any(earlier => !ids.Add(earlier))) throw TooLong(file, row);
                }
                if (count >= maxRows)
                {
                    throw new CatalogException(CatalogErrorKind.TooManyRows, file,
                        $"the catalog has more than {limits.MaxRows.ToString("N0", CultureInfo.InvariantCulture)} rows, the most accepted",
                        row);
                }

                raDeg.Add(ra.Read(reader));
                decDeg.Add(dec.Read(reader));
                if (idIndex >= 0) AddId(reader, idIndex, idName, ids);
                else if (rowOf is not null && !ids.Add(row)) throw TooLong(file, row);
                rowOf?.Add(row);
                count++;

                if (count % ProgressEvery == 0) progress?.Report(count);
            }
        }
        catch (CatalogException) when (idIndex >= 0)
        {
            // An identifier repeated before this row was the first problem.
            CheckUnique(ids, file, idName, ids.Count, firstRow, rowOf?.ToArray());
            throw;
        }

        if (count == 0)
        {
            throw new CatalogException(CatalogErrorKind.EmptyFile, file, "the catalog has no data rows");
        }
        progress?.Report(count);
        if (idIndex >= 0) CheckUnique(ids, file, idName, ids.Count, firstRow, rowOf?.ToArray());
        var held = idIndex >= 0 ? ids.Build()
            : rowOf is null ? CatalogIdentifiers.RowNumbers(firstRow, count)
            : ids.Build();
        return new SourceCatalog(file, idName, raDeg.ToTrimmedArray(), decDeg.ToTrimmedArray(), held);
    }

    private static void AddId(ICatalogReader reader, int index, string name, CatalogIdentifiersBuilder ids)
    {
        var id = reader.IsNull(index) ? "" : reader.GetText(index);
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new CatalogException(CatalogErrorKind.EmptyIdentifier, reader.FileName,
                "the identifier is empty; every source needs one", reader.Row, name);
        }
        if (!ids.Add(id)) throw TooLong(reader.FileName, reader.Row);
    }

    /// <summary>Throws when one of the first <paramref name="before"/> identifiers repeats another.</summary>
    internal static void CheckUnique<T>(T ids, string file, string column, int before, long firstRow, long[]? rowOf) where T : IIdentifierBytes
    {
        var repeat = DuplicateIdentifiers.First(ids, before, out var first);
        if (repeat >= 0) throw Repeated(System.Text.Encoding.UTF8.GetString(ids.Utf8(repeat)), repeat, first, file, column, firstRow, rowOf);
    }

    /// <summary>Throws when a Parquet catalog's integer identifiers, held as values, repeat one (rows from 1, consecutive).</summary>
    private static void CheckUnique(long[] ids, string file, string column)
    {
        var repeat = DuplicateIdentifiers.FirstOfIntegers(ids, out var first);
        if (repeat >= 0) throw Repeated(ids[repeat].ToString(CultureInfo.InvariantCulture), repeat, first, file, column, 1, null);
    }

    private static CatalogException Repeated(string id, int repeat, int first, string file, string column, long firstRow, long[]? rowOf)
    {
        var where = rowOf is null
            ? $"row {(firstRow + first).ToString(CultureInfo.InvariantCulture)}"
            : $"source #{(first + 1).ToString(CultureInfo.InvariantCulture)}";
        return new CatalogException(CatalogErrorKind.DuplicateIdentifier, file,
            $"the identifier '{CatalogException.Quote(id)}' is already used by {where}; identifiers must be unique",
            rowOf?[repeat] ?? firstRow + repeat, column);
    }

    internal static CatalogException TooLong(string file, long row) => new(CatalogErrorKind.TooManyRows, file,
        $"the identifiers up to this row take more than {CatalogIdentifiersBuilder.MaxBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes together, the most accepted",
        row);
}
