using System.Globalization;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Loads the positions and identifiers of a catalog for matching, validating every row and stopping at the first
/// problem with a <see cref="CatalogException"/> that names the file, row and column.
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
        var raDeg = new GrowableArray<double>(maxRows);
        var decDeg = new GrowableArray<double>(maxRows);
        var ids = new GrowableArray<string>(maxRows);
        var seen = idIndex < 0 ? null : new IdentifierIndex();
        long firstRow = 0;
        var rowsAreSequential = true;

        while (reader.Read())
        {
            var row = reader.Row;
            var count = ids.Count;
            if (count == 0) firstRow = row;
            else if (row != firstRow + count) rowsAreSequential = false;
            if (count >= maxRows)
            {
                throw new CatalogException(CatalogErrorKind.TooManyRows, file,
                    $"the catalog has more than {limits.MaxRows.ToString("N0", CultureInfo.InvariantCulture)} rows, the most accepted",
                    row);
            }

            raDeg.Add(ra.Read(reader));
            decDeg.Add(dec.Read(reader));
            ids.Add(idIndex < 0 ? row.ToString(CultureInfo.InvariantCulture) : ReadId(reader, idIndex, idName, seen!, ids.Items, firstRow, rowsAreSequential));

            if ((count + 1) % ProgressEvery == 0) progress?.Report(count + 1);
        }

        if (ids.Count == 0)
        {
            throw new CatalogException(CatalogErrorKind.EmptyFile, file, "the catalog has no data rows");
        }
        progress?.Report(ids.Count);
        return new SourceCatalog(file, idName, raDeg.ToTrimmedArray(), decDeg.ToTrimmedArray(), ids.ToTrimmedArray());
    }

    private static string ReadId(ICatalogReader reader, int index, string name, IdentifierIndex seen,
        ReadOnlySpan<string> earlier, long firstRow, bool rowsAreSequential)
    {
        var id = reader.IsNull(index) ? "" : reader.GetText(index);
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new CatalogException(CatalogErrorKind.EmptyIdentifier, reader.FileName,
                "the identifier is empty; every source needs one", reader.Row, name);
        }
        var first = seen.AddOrFind(id, earlier);
        if (first >= 0)
        {
            var where = rowsAreSequential
                ? $"row {(firstRow + first).ToString(CultureInfo.InvariantCulture)}"
                : $"source #{(first + 1).ToString(CultureInfo.InvariantCulture)}";
            throw new CatalogException(CatalogErrorKind.DuplicateIdentifier, reader.FileName,
                $"the identifier '{CatalogException.Quote(id)}' is already used by {where}; identifiers must be unique", reader.Row, name);
        }
        return id;
    }
}
