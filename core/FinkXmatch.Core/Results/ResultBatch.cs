using System.Collections;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Results;

/// <summary>
/// The result rows of one scanned row group, held column-wise: the alert columns once per matched alert, then per row
/// which alert it is, its separation and its catalog identifier. A dense catalog at a large radius gives about one
/// result row per five alerts, so rows are not built (one array and a boxed separation each) unless a consumer asks
/// for them: the Parquet writer copies the columns as they are. An alert column is either <c>object?[]</c> (any
/// value the Avro encoder takes) or, for a flat column read directly, a typed array (<c>long?[]</c>, <c>double?[]</c>,
/// <c>string?[]</c>, ...: see <see cref="AlertColumns"/>) whose values are boxed only when a row is built, or text held
/// as UTF-8 (<see cref="Utf8Column"/>); a number column without nulls may be <c>long[]</c>, <c>double[]</c>, ... The catalog identifiers are strings or UTF-8 (slices of the catalog's own
/// bytes): a string is made only when a row is built, the Parquet writer copies the bytes.
/// <para>Read as a list it is the rows, <c>object?[]</c> in the result schema's order, each built on demand.</para>
/// </summary>
public sealed class ResultBatch : IReadOnlyList<object?[]>
{
    private readonly object[] _alertColumns;
    private readonly int[]? _alertOf;       // null: row r is alert r (every row its own alert)
    private readonly double[] _separations;
    private readonly string[]? _ids;        // the identifiers as strings, or
    private readonly Utf8Column? _utf8Ids;  // as UTF-8

    /// <param name="alertColumns">Per alert column, the values of the matched alerts (as the Avro encoder takes them).</param>
    /// <param name="alertOf">Per row, the index of its alert in each of <paramref name="alertColumns"/>.</param>
    /// <param name="separations">Per row, the separation in arcseconds.</param>
    /// <param name="ids">Per row, the catalog identifier.</param>
    public ResultBatch(object?[][] alertColumns, int[] alertOf, double[] separations, string[] ids)
        : this(alertColumns, alertOf, separations, ids, null)
    {
    }

    /// <param name="alertColumns">Per alert column, <c>object?[]</c>, one of the typed arrays of <see cref="AlertColumns"/> or a <see cref="Utf8Column"/>.</param>
    /// <param name="ids">Per row, the catalog identifier.</param>
    internal ResultBatch(object[] alertColumns, int[] alertOf, double[] separations, string[] ids)
        : this(alertColumns, alertOf, separations, ids, null)
    {
    }

    /// <param name="alertColumns">Per alert column, <c>object?[]</c>, one of the typed arrays of <see cref="AlertColumns"/> or a <see cref="Utf8Column"/>.</param>
    /// <param name="ids">Per row, the catalog identifier as UTF-8.</param>
    internal ResultBatch(object[] alertColumns, int[] alertOf, double[] separations, Utf8Column ids)
        : this(alertColumns, alertOf, separations, null, ids)
    {
    }

    /// <summary>
    /// Rows that are each their own alert, in order (the nearest source of each matched alert): row r is alert r of
    /// every alert column, so no index per row is made or read, and a column's rows are copied as one block.
    /// </summary>
    /// <param name="alertColumns">Per alert column, one value per row (as the other constructors take them).</param>
    /// <param name="separations">Per row, the separation in arcseconds.</param>
    /// <param name="ids">Per row, the catalog identifier as UTF-8.</param>
    internal static ResultBatch OnePerAlert(object[] alertColumns, double[] separations, Utf8Column ids) =>
        new(alertColumns, null, separations, null, ids);

    private ResultBatch(object[] alertColumns, int[]? alertOf, double[] separations, string[]? ids, Utf8Column? utf8Ids)
    {
        ArgumentNullException.ThrowIfNull(alertColumns);
        if (alertOf is null && utf8Ids is null) throw new ArgumentNullException(nameof(alertOf));
        ArgumentNullException.ThrowIfNull(separations);
        if (ids is null && utf8Ids is null) throw new ArgumentNullException(nameof(ids));
        var count = separations.Length;
        if ((alertOf?.Length ?? count) != count || (ids?.Length ?? utf8Ids!.Count) != count)
            throw new ArgumentException("alertOf, separations and ids must have one entry per row");
        var (least, most) = count == 0 ? (0, -1) : alertOf is null ? (0, count - 1) : (alertOf.Min(), alertOf.Max());
        foreach (var column in alertColumns)
        {
            if (!AlertColumns.IsSupported(column)) throw new ArgumentException($"an alert column of type {column.GetType().Name} is not supported");
            var length = AlertColumns.Count(column);
            if (least < 0 || most >= length) throw new ArgumentException($"alert index {(least < 0 ? least : most)} is outside an alert column of {length} values");
        }
        _alertColumns = alertColumns;
        _alertOf = alertOf;
        _separations = separations;
        _ids = ids;
        _utf8Ids = utf8Ids;
    }

    /// <summary>Number of rows.</summary>
    public int Count => _separations.Length;

    /// <summary>Columns of a row: the alert columns, the separation, the identifier.</summary>
    public int ColumnCount => _alertColumns.Length + 2;

    /// <summary>Index of the separation column; the identifier is the last.</summary>
    public int SeparationColumn => _alertColumns.Length;

    /// <summary>The value of one cell (the separation boxed).</summary>
    public object? Value(int row, int column)
    {
        if (column < _alertColumns.Length) return AlertColumns.Value(_alertColumns[column], AlertOf(row));
        if (column == _alertColumns.Length) return _separations[row];
        if (column == _alertColumns.Length + 1) return Id(row);
        throw new ArgumentOutOfRangeException(nameof(column), column, $"a result row has {ColumnCount} columns");
    }

    private int AlertOf(int row) => _alertOf is null ? row : _alertOf[row];

    private string? Id(int row) => _ids is not null ? _ids[row] : _utf8Ids!.Value(row);

    /// <summary>
    /// Copies column <paramref name="column"/> of rows [start, start + destination.Length) when the batch holds it as
    /// <typeparamref name="T"/> (the separation as <see cref="double"/>, the identifier as <see cref="string"/>, a typed
    /// alert column as its element type: <c>long?</c>, <c>string</c>, ...), without boxing; false otherwise.
    /// </summary>
    internal bool TryCopy<T>(int column, int start, Span<T> destination)
    {
        if (column < _alertColumns.Length)
        {
            if (_alertColumns[column] is not T[] alerts) return false;
            if (_alertOf is null) alerts.AsSpan(start, destination.Length).CopyTo(destination);
            else
                for (var i = 0; i < destination.Length; i++) destination[i] = alerts[_alertOf[start + i]];
            return true;
        }
        if (typeof(T) == typeof(double) && column == SeparationColumn)
            for (var i = 0; i < destination.Length; i++) destination[i] = (T)(object)_separations[start + i];
        else if (typeof(T) == typeof(string) && column == ColumnCount - 1)
            for (var i = 0; i < destination.Length; i++) destination[i] = (T)(object)Id(start + i)!;
        else return false;
        return true;
    }

    /// <summary>An alert column held as <typeparamref name="T"/>[] (no row null) copied into a nullable one; false otherwise.</summary>
    internal bool TryCopyNullable<T>(int column, int start, Span<T?> destination) where T : struct
    {
        if (column >= _alertColumns.Length || _alertColumns[column] is not T[] every) return false;
        for (var i = 0; i < destination.Length; i++) destination[i] = every[AlertOf(start + i)];
        return true;
    }

    /// <summary>
    /// Copies a typed alert column of <c>T?</c> (or <c>T</c>) into a required column of <typeparamref name="T"/>; false when the
    /// column is not held as <c>T?[]</c> or a row is null (the caller's general path then reports the null).
    /// </summary>
    internal bool TryCopyRequired<T>(int column, int start, Span<T> destination) where T : struct
    {
        if (column >= _alertColumns.Length) return false;
        if (_alertColumns[column] is T[] every)
        {
            if (_alertOf is null) every.AsSpan(start, destination.Length).CopyTo(destination);
            else
                for (var i = 0; i < destination.Length; i++) destination[i] = every[_alertOf[start + i]];
            return true;
        }
        if (_alertColumns[column] is not T?[] alerts) return false;
        for (var i = 0; i < destination.Length; i++)
        {
            if (alerts[AlertOf(start + i)] is not { } value) return false;
            destination[i] = value;
        }
        return true;
    }

    /// <summary>
    /// Adds the values of rows [start, start + count) of a text column (<paramref name="text"/>: as UTF-8) or a binary
    /// one to <paramref name="destination"/>, from the bytes the batch holds or its strings, nulls as null rows; false
    /// (nothing added) when the column holds values of another kind, which the caller converts.
    /// </summary>
    internal bool TryAddBytes(int column, int start, int count, bool text, PlainByteArrays destination)
    {
        if (column == ColumnCount - 1 && text)
        {
            if (_ids is not null)
                for (var i = start; i < start + count; i++) destination.Add(_ids[i]);
            else destination.AddScattered(_utf8Ids!, start, count);
            return true;
        }
        if (column >= _alertColumns.Length) return false;
        switch (_alertColumns[column])
        {
            case Utf8Column utf8 when text:
                if (utf8.IsPlain && _alertOf is null) destination.AddPlain(utf8, start, count);
                else if (utf8.IsPlain) AddRuns(_alertOf!, utf8, start, count, destination);
                else
                    for (var i = start; i < start + count; i++) destination.Add(utf8, AlertOf(i));
                return true;
            case string?[] strings when text:
                for (var i = start; i < start + count; i++)
                    if (strings[AlertOf(i)] is { } value) destination.Add(value);
                    else destination.AddNull();
                return true;
            case byte[]?[] binaries when !text:
                for (var i = start; i < start + count; i++)
                    if (binaries[AlertOf(i)] is { } value) destination.Add(value);
                    else destination.AddNull();
                return true;
            default:
                return false;
        }
    }

    // Rows whose alerts follow each other (every row, for the nearest source) as one copy per run; a run of one (an
    // alert repeated for its other sources) as a value.
    private static void AddRuns(int[] alertOf, Utf8Column alerts, int start, int count, PlainByteArrays destination)
    {
        for (int i = start, end = start + count, j; i < end; i = j)
        {
            for (j = i + 1; j < end && alertOf[j] == alertOf[j - 1] + 1; j++) { }
            if (j - i == 1) destination.Add(alerts, alertOf[i]);
            else destination.AddPlain(alerts, alertOf[i], j - i);
        }
    }

    /// <summary>A new array holding row <paramref name="row"/>.</summary>
    public object?[] this[int row]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
            var values = new object?[ColumnCount];
            for (var c = 0; c < values.Length; c++) values[c] = Value(row, c);
            return values;
        }
    }

    public IEnumerator<object?[]> GetEnumerator()
    {
        for (var r = 0; r < Count; r++) yield return this[r];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The kinds of column a <see cref="ResultBatch"/> takes as an alert column: arrays, or text held as UTF-8.</summary>
internal static class AlertColumns
{
    // string?[] and byte[]?[] are object?[] to the runtime (array covariance): the first case takes them.
    public static bool IsSupported(object column) =>
        column is object?[] or long?[] or int?[] or double?[] or float?[] or long[] or int[] or double[] or float[] or Utf8Column;

    /// <summary>Number of values of a column.</summary>
    public static int Count(object column) => column is Utf8Column utf8 ? utf8.Count : ((Array)column).Length;

    /// <summary>Value <paramref name="k"/> of a column, boxed for a typed one, a string for text held as UTF-8.</summary>
    public static object? Value(object column, int k) => column switch
    {
        object?[] values => values[k],
        Utf8Column utf8 => utf8.Value(k),
        long?[] values => values[k],
        int?[] values => values[k],
        double?[] values => values[k],
        float?[] values => values[k],
        long[] values => values[k],
        int[] values => values[k],
        double[] values => values[k],
        float[] values => values[k],
        _ => throw new ArgumentException($"an alert column of type {column.GetType().Name} is not supported", nameof(column)),
    };
}
