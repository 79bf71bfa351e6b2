using System.Collections;
using FinkXmatch.Core.Kafka.Avro;

namespace FinkXmatch.Core.Results;

/// <summary>Turns a result row in Avro shape (object?[] records, lists) into the dictionaries Parquet.Net serializes.</summary>
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
            AvroArraySchema array => ((IList)value).Cast<object?>().Select(v => Value(array.Items, v)).ToList(),
            _ => value switch
            {
                ReadOnlyMemory<char> chars => chars.ToString(),
                // Parquet.Net 6 holds binary columns as ReadOnlyMemory<byte> and does not convert byte[] itself.
                byte[] bytes => new ReadOnlyMemory<byte>(bytes),
                _ => value,
            },
        };
    }

    private static bool IsRecord(AvroSchema schema) =>
        schema is AvroRecordSchema || (schema is AvroUnionSchema union && union.Branches.Any(b => b is AvroRecordSchema));
}
