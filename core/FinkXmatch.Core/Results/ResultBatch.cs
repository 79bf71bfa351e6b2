using System.Collections;
using System.Runtime.InteropServices;
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
    private readonly int _count;            // rows (the arrays may be longer: lent ones, ResultArrays)
    private bool _recycled;

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
    /// <remarks>
    /// <paramref name="alertOf"/> and <paramref name="separations"/> may be longer than the rows, <paramref name="ids"/>
    /// counts them (a batch's lent arrays: <see cref="ResultArrays"/>).
    /// </remarks>
    internal ResultBatch(object[] alertColumns, int[] alertOf, double[] separations, Utf8Column ids)
        : this(alertColumns, alertOf, separations, null, ids)
    {
    }

    /// <summary>
    /// Rows that are each their own alert, in order (the nearest source of each matched alert): row r is alert r of
    /// every alert column, so no index per row is made or read, and a column's rows are copied as one block.
    /// </summary>
    /// <param name="alertColumns">Per alert column, one value per row (as the other constructors take them).</param>
    /// <param name="separations">Per row, the separation in arcseconds (the array may be longer: <paramref name="ids"/> counts the rows).</param>
    /// <param name="ids">Per row, the catalog identifier as UTF-8.</param>
    internal static ResultBatch OnePerAlert(object[] alertColumns, double[] separations, Utf8Column ids) =>
        new(alertColumns, null, separations, null, ids);

    private ResultBatch(object[] alertColumns, int[]? alertOf, double[] separations, string[]? ids, Utf8Column? utf8Ids)
    {
        ArgumentNullException.ThrowIfNull(alertColumns);
        if (alertOf is null && utf8Ids is null) throw new ArgumentNullException(nameof(alertOf));
        ArgumentNullException.ThrowIfNull(separations);
        if (ids is null && utf8Ids is null) throw new ArgumentNullException(nameof(ids));
        // Strings: one per row, as the other arrays; UTF-8 identifiers count the rows, the arrays may be longer (lent).
        var count = ids?.Length ?? utf8Ids!.Count;
        var exact = ids is not null;
        if (exact ? separations.Length != count || (alertOf is not null && alertOf.Length != count)
                : separations.Length < count || (alertOf is not null && alertOf.Length < count))
            throw new ArgumentException("alertOf, separations and ids must have one entry per row");
        var (least, most) = count == 0 ? (0, -1) : alertOf is null ? (0, count - 1) : Bounds(alertOf.AsSpan(0, count));
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
        _count = count;
    }

    private static (int Least, int Most) Bounds(ReadOnlySpan<int> values)
    {
        var (least, most) = (int.MaxValue, int.MinValue);
        foreach (var v in values) (least, most) = (Math.Min(least, v), Math.Max(most, v));
        return (least, most);
    }

    /// <summary>Number of rows.</summary>
    public int Count => _count;

    /// <summary>
    /// Hands the arrays lent for this batch (<see cref="ResultArrays"/>) back, to be lent to the next batches: only for the
    /// consumer that holds its last reference, once its rows are written (<see cref="ResultParquetWriter"/> made with
    /// <c>recycleBatches</c>). The batch is not to be read after: it throws.
    /// </summary>
    internal void Recycle()
    {
        if (_recycled) return;
        _recycled = true;
        ResultArrays.Return(_separations);
        ResultArrays.Return(_alertOf);
        _utf8Ids?.Recycle();
        foreach (var column in _alertColumns)
            if (column is Utf8Column utf8) utf8.Recycle();
            else ResultArrays.Return(column as Array);
    }

    /// <summary>Columns of a row: the alert columns, the separation, the identifier.</summary>
    public int ColumnCount => _alertColumns.Length + 2;

    /// <summary>Index of the separation column; the identifier is the last.</summary>
    public int SeparationColumn => _alertColumns.Length;

    /// <summary>The value of one cell (the separation boxed).</summary>
    public object? Value(int row, int column)
    {
        ObjectDisposedException.ThrowIf(_recycled, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
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
        ObjectDisposedException.ThrowIf(_recycled, this);
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

    /// <summary>
    /// Whether column <paramref name="column"/> is held as <typeparamref name="T"/> with no row null (the separation as
    /// <see cref="double"/>, an alert column as <typeparamref name="T"/>[]): <see cref="CopyEvery{T}"/> copies its rows.
    /// </summary>
    internal bool HoldsEvery<T>(int column) where T : struct
    {
        ObjectDisposedException.ThrowIf(_recycled, this);
        return column < _alertColumns.Length ? _alertColumns[column] is T[] : typeof(T) == typeof(double) && column == SeparationColumn;
    }

    /// <summary>Rows [start, start + destination.Length) of a column that <see cref="HoldsEvery{T}"/>, copied.</summary>
    internal void CopyEvery<T>(int column, int start, Span<T> destination) where T : struct
    {
        ObjectDisposedException.ThrowIf(_recycled, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)start + (uint)destination.Length, (uint)Count, nameof(start));
        if (column == SeparationColumn && typeof(T) == typeof(double))
            MemoryMarshal.Cast<double, T>(_separations.AsSpan(start, destination.Length)).CopyTo(destination);
        else if (!TryCopyRequired(column, start, destination)) throw new InvalidOperationException($"column {column} is not held as {typeof(T).Name} throughout");
    }

    /// <summary>An alert column held as <typeparamref name="T"/>[] (no row null) copied into a nullable one; false otherwise.</summary>
    internal bool TryCopyNullable<T>(int column, int start, Span<T?> destination) where T : struct
    {
        ObjectDisposedException.ThrowIf(_recycled, this);
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
        ObjectDisposedException.ThrowIf(_recycled, this);
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
        ObjectDisposedException.ThrowIf(_recycled, this);
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

    /// <summary>
    /// When column <paramref name="column"/> is text that the batch holds as values of one length, none null, that can
    /// be written PLAIN-encoded by <see cref="WriteOneLength"/> (the catalog identifiers of one length, gathered from their
    /// slots; an alert column copied out of its page by <see cref="Utf8Column.OfPlainOneLength"/>, row r being alert r):
    /// the bytes of each row's encoding (4 + its length); else 0.
    /// </summary>
    internal int OneLengthStride(int column)
    {
        ObjectDisposedException.ThrowIf(_recycled, this);
        if (column == ColumnCount - 1)
            return _utf8Ids is { } ids && ids.TrySlots(out _, out _, out var width) && width is >= 8 and <= 16 && BitConverter.IsLittleEndian ? 4 + width : 0;
        return column < _alertColumns.Length && _alertOf is null && _alertColumns[column] is Utf8Column utf8 ? utf8.OneLengthStride : 0;
    }

    /// <summary>
    /// Rows [start, start + count) of a column of <see cref="OneLengthStride"/> > 0, PLAIN-encoded into
    /// <paramref name="destination"/> (the stride's bytes per row): straight into a page, with no buffer between.
    /// </summary>
    internal void WriteOneLength(int column, int start, int count, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_recycled, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)start + (uint)count, (uint)Count, nameof(count));
        if (column == ColumnCount - 1 && _utf8Ids!.TrySlots(out var bytes, out var slots, out var width))
            PlainByteArrays.GatherSlots(bytes, slots.Slice(start, count), width, destination);
        else ((Utf8Column)_alertColumns[column]).Plain(start, count).CopyTo(destination);
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
