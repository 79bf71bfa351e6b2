using System.Collections;

namespace FinkXmatch.Core.Results;

/// <summary>
/// The result rows of one scanned row group, held column-wise: the alert columns once per matched alert, then per row
/// which alert it is, its separation and its catalog identifier. A dense catalog at a large radius gives about one
/// result row per five alerts, so rows are not built (one array and a boxed separation each) unless a consumer asks
/// for them: the Parquet writer copies the columns as they are. An alert column is either <c>object?[]</c> (any
/// value the Avro encoder takes) or, for a flat column read directly, a typed array (<c>long?[]</c>, <c>double?[]</c>,
/// <c>string?[]</c>, ...: see <see cref="AlertColumns"/>) whose values are boxed only when a row is built.
/// <para>Read as a list it is the rows, <c>object?[]</c> in the result schema's order, each built on demand.</para>
/// </summary>
public sealed class ResultBatch : IReadOnlyList<object?[]>
{
    private readonly Array[] _alertColumns;
    private readonly int[] _alertOf;
    private readonly double[] _separations;
    private readonly string[] _ids;

    /// <param name="alertColumns">Per alert column, the values of the matched alerts (as the Avro encoder takes them).</param>
    /// <param name="alertOf">Per row, the index of its alert in each of <paramref name="alertColumns"/>.</param>
    /// <param name="separations">Per row, the separation in arcseconds.</param>
    /// <param name="ids">Per row, the catalog identifier.</param>
    public ResultBatch(object?[][] alertColumns, int[] alertOf, double[] separations, string[] ids)
        : this((Array[])alertColumns, alertOf, separations, ids)
    {
    }

    /// <param name="alertColumns">Per alert column, <c>object?[]</c> or one of the typed arrays of <see cref="AlertColumns"/>.</param>
    internal ResultBatch(Array[] alertColumns, int[] alertOf, double[] separations, string[] ids)
    {
        ArgumentNullException.ThrowIfNull(alertColumns);
        ArgumentNullException.ThrowIfNull(alertOf);
        ArgumentNullException.ThrowIfNull(separations);
        ArgumentNullException.ThrowIfNull(ids);
        if (separations.Length != alertOf.Length || ids.Length != alertOf.Length)
            throw new ArgumentException("alertOf, separations and ids must have one entry per row");
        foreach (var column in alertColumns)
        {
            if (!AlertColumns.IsSupported(column)) throw new ArgumentException($"an alert column of type {column.GetType().Name} is not supported");
            foreach (var k in alertOf)
                if ((uint)k >= (uint)column.Length) throw new ArgumentException($"alert index {k} is outside an alert column of {column.Length} values");
        }
        _alertColumns = alertColumns;
        _alertOf = alertOf;
        _separations = separations;
        _ids = ids;
    }

    /// <summary>Number of rows.</summary>
    public int Count => _alertOf.Length;

    /// <summary>Columns of a row: the alert columns, the separation, the identifier.</summary>
    public int ColumnCount => _alertColumns.Length + 2;

    /// <summary>Index of the separation column; the identifier is the last.</summary>
    public int SeparationColumn => _alertColumns.Length;

    /// <summary>The value of one cell (the separation boxed).</summary>
    public object? Value(int row, int column)
    {
        if (column < _alertColumns.Length) return AlertColumns.Value(_alertColumns[column], _alertOf[row]);
        if (column == _alertColumns.Length) return _separations[row];
        if (column == _alertColumns.Length + 1) return _ids[row];
        throw new ArgumentOutOfRangeException(nameof(column), column, $"a result row has {ColumnCount} columns");
    }

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
            for (var i = 0; i < destination.Length; i++) destination[i] = alerts[_alertOf[start + i]];
            return true;
        }
        if (typeof(T) == typeof(double) && column == SeparationColumn)
            for (var i = 0; i < destination.Length; i++) destination[i] = (T)(object)_separations[start + i];
        else if (typeof(T) == typeof(string) && column == ColumnCount - 1)
            for (var i = 0; i < destination.Length; i++) destination[i] = (T)(object)_ids[start + i];
        else return false;
        return true;
    }

    /// <summary>
    /// Copies a typed alert column of <c>T?</c> into a required column of <typeparamref name="T"/>; false when the
    /// column is not held as <c>T?[]</c> or a row is null (the caller's general path then reports the null).
    /// </summary>
    internal bool TryCopyRequired<T>(int column, int start, Span<T> destination) where T : struct
    {
        if (column >= _alertColumns.Length || _alertColumns[column] is not T?[] alerts) return false;
        for (var i = 0; i < destination.Length; i++)
        {
            if (alerts[_alertOf[start + i]] is not { } value) return false;
            destination[i] = value;
        }
        return true;
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

/// <summary>The kinds of array a <see cref="ResultBatch"/> takes as an alert column.</summary>
internal static class AlertColumns
{
    // string?[] and byte[]?[] are object?[] to the runtime (array covariance): the first case takes them.
    public static bool IsSupported(Array column) => column is object?[] or long?[] or int?[] or double?[] or float?[];

    /// <summary>Value <paramref name="k"/> of a column, boxed for a typed one.</summary>
    public static object? Value(Array column, int k) => column switch
    {
        object?[] values => values[k],
        long?[] values => values[k],
        int?[] values => values[k],
        double?[] values => values[k],
        float?[] values => values[k],
        _ => throw new ArgumentException($"an alert column of type {column.GetType().Name} is not supported", nameof(column)),
    };
}
