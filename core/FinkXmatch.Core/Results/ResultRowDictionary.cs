using System.Collections;
using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Results;

/// <summary>
/// Turns a row in Avro shape (object?[] or <see cref="AvroRecord"/> records, lists) into the dictionaries Parquet.Net's
/// untyped serializer takes: a dictionary per record, a list of dictionaries per array of records, a typed list
/// (<c>List&lt;double?&gt;</c>, ...) per array of leaves, bytes as <see cref="ReadOnlyMemory{T}"/>. Used by
/// <see cref="NestedRowGroups"/> for rows without a map, for the Parquet results and `finkxmatch transfer` alike.
/// </summary>
internal static class ResultRowDictionary
{
    public static IDictionary<string, object?> From(AvroRecordSchema schema, object?[] row)
    {
        var fields = schema.Fields;
        if (row.Length != fields.Count)
            throw new ArgumentException($"a result row has {row.Length} values for {fields.Count} columns");
        var result = new Dictionary<string, object?>(fields.Count, StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++) result[fields[i].Name] = Value(fields[i].Schema, row[i]);
        return result;
    }

    private static object? Value(AvroSchema schema, object? value)
    {
        if (value is null) return null;
        if (schema is AvroUnionSchema union) schema = union.Branches[AvroEncoder.SelectBranch(union, value)];
        return schema switch
        {
            AvroRecordSchema record => From(record, value as object?[] ?? ((AvroRecord)value).Values.ToArray()),
            // Parquet.Net's untyped serializer takes a list of structs only as IEnumerable<IDictionary<string, object>>.
            AvroArraySchema array when IsRecord(array.Items) =>
                ((IList)value).Cast<object?>().Select(v => (IDictionary<string, object?>?)Value(array.Items, v)).ToList(),
            AvroArraySchema array => LeafList(Leaf(array.Items), (IList)value),
            _ => value switch
            {
                ReadOnlyMemory<char> chars => chars.ToString(),
                // Parquet.Net 6 holds binary columns as ReadOnlyMemory<byte> and does not convert byte[] itself.
                byte[] bytes => new ReadOnlyMemory<byte>(bytes),
                _ => value,
            },
        };
    }

    /// <summary>
    /// The other way: a row of Parquet.Net's untyped reader as a row of <paramref name="schema"/> (records as
    /// <c>object?[]</c>, lists as lists); a column or member the dictionary lacks (another schema's part) is null.
    /// </summary>
    public static object?[] ToRow(AvroRecordSchema schema, IDictionary<string, object?> row)
    {
        var fields = schema.Fields;
        var values = new object?[fields.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = row.TryGetValue(fields[i].Name, out var value) ? ToValue(fields[i].Schema, value) : null;
        return values;
    }

    private static object? ToValue(AvroSchema schema, object? value)
    {
        if (value is null) return null;
        if (schema is AvroUnionSchema union) schema = union.Branches.First(b => b.Type != AvroType.Null);
        return schema switch
        {
            AvroRecordSchema record => ToRow(record, (IDictionary<string, object?>)value),
            AvroArraySchema array => ((IEnumerable)value).Cast<object?>().Select(v => ToValue(array.Items, v)).ToList(),
            _ => value,
        };
    }

    // The untyped serializer wants a list of leaves typed as its column is.
    private static object LeafList(AvroType items, IList values) => items switch
    {
        AvroType.Boolean => values.Cast<bool?>().ToList(),
        AvroType.Int => values.Cast<int?>().ToList(),
        AvroType.Long => values.Cast<long?>().ToList(),
        AvroType.Float => values.Cast<float?>().ToList(),
        AvroType.Double => values.Cast<double?>().ToList(),
        AvroType.String => values.Cast<object?>().Select(v => v is ReadOnlyMemory<char> c ? c.ToString() : (string?)v).ToList(),
        AvroType.Bytes => values.Cast<byte[]?>().Select(b => b is null ? (ReadOnlyMemory<byte>?)null : b).ToList(),
        _ => throw new NotSupportedException($"Parquet lists of Avro {items} are not supported"),
    };

    private static AvroType Leaf(AvroSchema schema) =>
        schema is AvroUnionSchema union ? union.Branches.First(b => b.Type != AvroType.Null).Type : schema.Type;

    private static bool IsRecord(AvroSchema schema) =>
        schema is AvroRecordSchema || (schema is AvroUnionSchema union && union.Branches.Any(b => b is AvroRecordSchema));
}
