using System.Buffers;
using System.Globalization;
using Parquet.Schema;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Results;

/// <summary>
/// Flat result rows encoded column by column (<see cref="FlatColumnChunk"/>) from typed arrays (<c>long?[]</c>,
/// <c>string[]</c>, ...), which skips the untyped serializer's dictionary per row and record shredding (measured:
/// ~1.5 µs per row, a third of a 1.9 M-match benchmark scan). A <see cref="ResultBatch"/>'s separations are copied as
/// they are, its text (alert identifiers read as UTF-8, the catalog's identifiers) as UTF-8 bytes into the page, with no
/// string made; other values are unboxed, converted only when their type differs from the column's.
/// </summary>
internal static class FlatResultColumns
{
    /// <summary>The top-level fields when every one is a leaf (the default columns and any flat field choice), else null.</summary>
    public static DataField[]? Leaves(ParquetSchema schema)
    {
        var fields = schema.Fields;
        return fields.All(f => f is DataField) ? fields.Cast<DataField>().ToArray() : null;
    }

    /// <summary>
    /// Encodes column <paramref name="column"/> of <paramref name="count"/> rows (given as ranges) into a chunk;
    /// <paramref name="bytes"/> is where a text or binary column's values are gathered.
    /// </summary>
    public static void Encode(FlatColumnChunk chunk, DataField field, List<RowRange> rows, int column, int count, PlainByteArrays bytes)
    {
        var t = field.ClrType;
        var optional = field.IsNullable;
        if ((t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) && OneLengthStride(rows, column) is var stride and > 0)
            chunk.OneLengthByteArrays(count, optional, stride, (first, n, destination) => WriteOneLength(rows, column, first, n, stride, destination));
        else if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) chunk.ByteArrays(Gather(field, rows, column, text: true, bytes), optional);
        else if (t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>)) chunk.ByteArrays(Gather(field, rows, column, text: false, bytes), optional);
        else if (t == typeof(long)) Numbers(chunk, field, rows, column, count, Convert.ToInt64);
        else if (t == typeof(double)) Numbers(chunk, field, rows, column, count, Convert.ToDouble);
        else if (t == typeof(int)) Numbers(chunk, field, rows, column, count, Convert.ToInt32);
        else if (t == typeof(float)) Numbers(chunk, field, rows, column, count, Convert.ToSingle);
        else if (t == typeof(bool))
        {
            var values = Nullable(field, rows, column, count, Convert.ToBoolean);
            chunk.Booleans(values, count, optional);
            ArrayPool<bool?>.Shared.Return(values);
        }
        else throw new NotSupportedException($"result column '{field.Name}' of type {t.Name} has no flat writer");
    }

    // Required numbers as T[], nullable ones as T?[], in arrays lent by the pool (a row group's column is up to 1 MiB:
    // a new one each time came from fresh, zeroed memory).
    private static void Numbers<T>(FlatColumnChunk chunk, DataField field, List<RowRange> rows, int column, int count,
        Func<object, IFormatProvider, T> convert) where T : unmanaged, System.Numerics.INumber<T>
    {
        // Every range a batch holding the column as T, none null (separations, candid): copied straight into the pages.
        if (rows.TrueForAll(range => range.Rows is ResultBatch batch && batch.HoldsEvery<T>(column)))
        {
            chunk.Numbers<T>(count, field.IsNullable, (first, n, destination) => CopyEvery(rows, column, first, destination[..n]));
            return;
        }
        if (field.IsNullable)
        {
            // An optional column whose rows all hold a value (candid): copied as T, its definition levels one block.
            if (Required<T>(rows, column, count) is { } every)
            {
                chunk.Numbers(every, count, optional: true);
                ArrayPool<T>.Shared.Return(every);
                return;
            }
            var nullable = Nullable(field, rows, column, count, convert);
            chunk.Numbers(nullable, count);
            ArrayPool<T?>.Shared.Return(nullable);
            return;
        }
        var values = ArrayPool<T>.Shared.Rent(count);
        var at = 0;
        foreach (var range in rows)
        {
            if (!(range.Rows is ResultBatch batch && (batch.TryCopy(column, range.Start, values.AsSpan(at, range.Count))
                    || batch.TryCopyRequired(column, range.Start, values.AsSpan(at, range.Count)))))
                for (var r = 0; r < range.Count; r++)
                    values[at + r] = As(range.Value(r, column) ?? throw Null(field), convert);
            at += range.Count;
        }
        chunk.Numbers(values, count);
        ArrayPool<T>.Shared.Return(values);
    }

    // Rows [first, first + destination.Length) of a column every range's batch holds as T, from the ranges that hold them.
    private static void CopyEvery<T>(List<RowRange> rows, int column, int first, Span<T> destination) where T : struct
    {
        var at = 0;   // the first row of the range
        foreach (var range in rows)
        {
            var (from, to) = (Math.Max(first, at), Math.Min(first + destination.Length, at + range.Count));
            if (from < to) ((ResultBatch)range.Rows).CopyEvery(column, range.Start + from - at, destination.Slice(from - first, to - from));
            at += range.Count;
            if (at >= first + destination.Length) break;
        }
    }

    // The values of rows 0..count - 1 as T in an array of the pool (the caller returns it) when every range is a batch
    // holding them typed and no row is null; else null.
    private static T[]? Required<T>(List<RowRange> rows, int column, int count) where T : struct
    {
        var values = ArrayPool<T>.Shared.Rent(count);
        var at = 0;
        foreach (var range in rows)
        {
            if (!(range.Rows is ResultBatch batch && batch.TryCopyRequired(column, range.Start, values.AsSpan(at, range.Count))))
            {
                ArrayPool<T>.Shared.Return(values);
                return null;
            }
            at += range.Count;
        }
        return values;
    }

    // The values of rows 0..count - 1 in an array of the pool (the caller returns it).
    private static T?[] Nullable<T>(DataField field, List<RowRange> rows, int column, int count, Func<object, IFormatProvider, T> convert) where T : struct
    {
        var values = ArrayPool<T?>.Shared.Rent(count);
        var i = 0;
        foreach (var range in rows)
        {
            if (field.IsNullable && range.Rows is ResultBatch batch && (batch.TryCopy(column, range.Start, values.AsSpan(i, range.Count))
                    || batch.TryCopyNullable(column, range.Start, values.AsSpan(i, range.Count))))
            {
                i += range.Count;
                continue;
            }
            for (var r = 0; r < range.Count; r++, i++)
                if (range.Value(r, column) is { } v) values[i] = As(v, convert);
                else if (!field.IsNullable) throw Null(field);
                else values[i] = null;
        }
        return values;
    }

    private static T As<T>(object value, Func<object, IFormatProvider, T> convert) where T : struct =>
        value is T same ? same : convert(value, CultureInfo.InvariantCulture);

    // The stride of a text column that every range's batch holds as values of that one length, none null
    // (ResultBatch.OneLengthStride: objectId, the catalog identifiers); else 0.
    private static int OneLengthStride(List<RowRange> rows, int column)
    {
        var stride = 0;
        foreach (var range in rows)
        {
            if (range.Rows is not ResultBatch batch || batch.OneLengthStride(column) is not (> 0 and var s) || (stride > 0 && s != stride)) return 0;
            stride = s;
        }
        return stride;
    }

    // Rows [first, first + count) of such a column, PLAIN-encoded into a page (count x stride bytes), from the ranges that hold them.
    private static void WriteOneLength(List<RowRange> rows, int column, int first, int count, int stride, Span<byte> destination)
    {
        var at = 0;   // the first row of the range
        foreach (var range in rows)
        {
            var (from, to) = (Math.Max(first, at), Math.Min(first + count, at + range.Count));
            if (from < to) ((ResultBatch)range.Rows).WriteOneLength(column, range.Start + from - at, to - from, destination.Slice((from - first) * stride, (to - from) * stride));
            at += range.Count;
            if (at >= first + count) break;
        }
    }

    // The values of a text (as UTF-8) or binary column: copied as bytes from a batch that holds them so, else one by one.
    private static PlainByteArrays Gather(DataField field, List<RowRange> rows, int column, bool text, PlainByteArrays bytes)
    {
        bytes.Clear();
        foreach (var range in rows)
        {
            if (range.Rows is ResultBatch batch && batch.TryAddBytes(column, range.Start, range.Count, text, bytes)) continue;
            for (var r = 0; r < range.Count; r++)
                if (range.Value(r, column) is not { } v) bytes.AddNull();
                else if (text) bytes.Add(Text(v));
                else bytes.Add((byte[])v);
        }
        if (!field.IsNullable && bytes.Nulls > 0) throw Null(field);
        return bytes;
    }

    private static string Text(object value) => value switch
    {
        string s => s,
        ReadOnlyMemory<char> chars => chars.ToString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static InvalidOperationException Null(DataField field) => new($"result column '{field.Name}' is required but a row holds null");
}
