using System.Globalization;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// A forward-only, streaming cursor over a catalog file, in the manner of <c>DbDataReader</c>: the header is read
/// when the reader is opened, then <see cref="Read"/> advances one row at a time so that a catalog of millions of
/// rows is never held whole by the reader. Any problem in the bytes surfaces as a <see cref="CatalogException"/>
/// (never another exception type), from the constructor/factory or from <see cref="Read"/>.
/// </summary>
public interface ICatalogReader : IDisposable
{
    /// <summary>The file name used in error messages (no directory).</summary>
    string FileName { get; }

    CatalogFormat Format { get; }

    IReadOnlyList<CatalogColumn> Columns { get; }

    /// <summary>What separates the values of a text table (CSV/TSV), detected from its first lines; null for other formats.</summary>
    CsvSeparator? TextSeparator => null;

    /// <summary>Advances to the next data row; false at the end of the table.</summary>
    bool Read();

    /// <summary>1-based number of the current data row (the header is not a row).</summary>
    long Row { get; }

    /// <summary>True when the current row holds no value in this column (empty CSV field, FITS/VOTable null).</summary>
    bool IsNull(int column);

    /// <summary>The current row's value as text, invariant culture ("" for a null). Allocates: not for hot paths.</summary>
    string GetText(int column);

    /// <summary>
    /// The current row's value as a double: the native value of a numeric column, or the text parsed with the
    /// invariant culture. False when null or not a number. Infinities are values (true); a NaN cell of a binary
    /// format (FITS, VOTable, Parquet) is that format's null (false), a "NaN" text is parsed as NaN (true).
    /// </summary>
    bool TryGetDouble(int column, out double value);

    /// <summary>
    /// The current row's value as a 64-bit integer when its text is one (an optional sign and digits, in range);
    /// false when null or anything else. Text readers override it to parse in place.
    /// </summary>
    bool TryGetInt64(int column, out long value) =>
        long.TryParse(GetText(column), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
