using System.Globalization;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The rows of a catalog whose RA or Dec cannot be used (empty, NaN or infinite, out of range, unparseable), counted,
/// with the first one's row, column, value and reason; what <see cref="CatalogLoader"/> would stop at, seen at upload.
/// </summary>
public sealed record InvalidCoordinates(long Rows, long? FirstRow = null, string? Column = null, string? Value = null, string? Reason = null)
{
    /// <summary>"3 of 120 rows have an invalid RA or Dec".</summary>
    public string Summary(long rows) =>
        string.Create(CultureInfo.InvariantCulture, $"{Rows:N0} of {rows:N0} rows {(Rows == 1 ? "has" : "have")} an invalid RA or Dec");
}

/// <summary>The usable positions of a catalog and the rows that are not.</summary>
public sealed record PositionSurvey(double[] RaDeg, double[] DecDeg, InvalidCoordinates Invalid);

/// <summary>Reads every row's RA and Dec, as the loader does, without stopping at a bad one.</summary>
public static class CoordinateSurvey
{
    /// <exception cref="CatalogException">A missing column, too many rows, or what the reader finds in the file.</exception>
    public static PositionSurvey Run(ICatalogReader reader, string raColumn, string decColumn, CoordinateFormat format, CatalogLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        limits ??= CatalogLimits.Default;
        var file = reader.FileName;
        var columns = reader.Columns;
        var ra = new CoordinateColumnReader(columns, ColumnLookup.Find(columns, raColumn, file, "RA"), isRa: true, format, file);
        var dec = new CoordinateColumnReader(columns, ColumnLookup.Find(columns, decColumn, file, "Dec"), isRa: false, format, file);
        var maxRows = (int)Math.Min(limits.MaxRows, Array.MaxLength);
        var raDeg = new GrowableArray<double>(maxRows);
        var decDeg = new GrowableArray<double>(maxRows);
        long invalid = 0;
        InvalidCoordinates? first = null;
        long rows = 0;
        while (reader.Read())
        {
            if (++rows > maxRows)
            {
                throw new CatalogException(CatalogErrorKind.TooManyRows, file,
                    $"the catalog has more than {limits.MaxRows.ToString("N0", CultureInfo.InvariantCulture)} rows, the most accepted", reader.Row);
            }
            var decValue = 0.0;
            var badRa = !ra.TryRead(reader, out var raValue, out var problem);
            var badDec = !badRa && !dec.TryRead(reader, out decValue, out problem);
            if (badRa || badDec)
            {
                invalid++;
                var column = badRa ? ra : dec;
                first ??= new InvalidCoordinates(0, reader.Row, column.Name, CatalogException.Quote(reader.GetText(column.Index)), problem.Detail);
                continue;
            }
            raDeg.Add(raValue);
            decDeg.Add(decValue);
        }
        return new PositionSurvey(raDeg.ToTrimmedArray(), decDeg.ToTrimmedArray(), (first ?? new InvalidCoordinates(0)) with { Rows = invalid });
    }
}
