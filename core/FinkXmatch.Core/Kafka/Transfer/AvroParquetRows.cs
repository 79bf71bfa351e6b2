using System.Collections;
using FinkXmatch.Core.Kafka.Avro;

namespace FinkXmatch.Core.Kafka.Transfer;

/// <summary>
/// Turns decoded records into the rows Parquet.Net's untyped serializer takes: a dictionary per record, a list of
/// dictionaries per array of records, a typed list (<c>List&lt;double?&gt;</c>, ...) per array of leaves, bytes as
/// <see cref="ReadOnlyMemory{T}"/>.
/// </summary>
internal static class AvroParquetRows
{
    public static Dictionary<string, object?> Row(AvroRecord record)
    {
        var fields = record.Schema.Fields;
        var row = new Dictionary<string, object?>(fields.Count, StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++) row[fields[i].Name] = Value(fields[i].Schema, record[i]);
        return row;
    }

    private static object? Value(AvroSchema schema, object? value)
    {
        if (value is null) return null;
        var type = AvroParquetSchema.Unwrap(schema);
        return type switch
        {
            AvroRecordSchema => Row((AvroRecord)value),
            AvroArraySchema array => List(AvroParquetSchema.Unwrap(array.Items), (IList)value),
            _ when type.Type == AvroType.Bytes => new ReadOnlyMemory<byte>((byte[])value),
            _ => value,
        };
    }

    private static object List(AvroSchema items, IList values) => items.Type switch
    {
        AvroType.Record => values.Cast<AvroRecord?>().Select(r => (IDictionary<string, object?>)(r is null ? null! : Row(r))).ToList(),
        AvroType.Boolean => values.Cast<bool?>().ToList(),
        AvroType.Int => values.Cast<int?>().ToList(),
        AvroType.Long => values.Cast<long?>().ToList(),
        AvroType.Float => values.Cast<float?>().ToList(),
        AvroType.Double => values.Cast<double?>().ToList(),
        AvroType.String => values.Cast<string?>().ToList(),
        AvroType.Bytes => values.Cast<byte[]?>().Select(b => b is null ? (ReadOnlyMemory<byte>?)null : b).ToList(),
        _ => throw new NotSupportedException($"Parquet lists of Avro {items.Type} are not supported by the transfer"),
    };
}
