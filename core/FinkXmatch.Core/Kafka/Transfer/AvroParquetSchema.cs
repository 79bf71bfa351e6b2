using FinkXmatch.Core.Kafka.Avro;
using Parquet.Schema;

namespace FinkXmatch.Core.Kafka.Transfer;

/// <summary>
/// The Parquet schema of transferred rows, derived from the data's Avro schema as Spark would write it:
/// leaves as typed nullable columns, records as structs, arrays as lists (of structs for arrays of records),
/// bytes as binary. Maps are refused (no result column is one, and Parquet.Net's untyped writer cannot take them).
/// </summary>
public static class AvroParquetSchema
{
    /// <summary>The Parquet schema for rows of <paramref name="schema"/>.</summary>
    /// <exception cref="NotSupportedException">a map, or a union other than <c>[T, "null"]</c>.</exception>
    public static ParquetSchema From(AvroRecordSchema schema) => new(schema.Fields.Select(f => Field(f.Name, f.Schema)).ToArray());

    internal static AvroSchema Unwrap(AvroSchema schema) => schema switch
    {
        AvroUnionSchema { SingleValueIndex: >= 0 } union => union.Branches[union.SingleValueIndex],
        AvroUnionSchema union => throw new NotSupportedException($"Avro union {union} is not [T, \"null\"]"),
        _ => schema,
    };

    private static Field Field(string name, AvroSchema schema)
    {
        var type = Unwrap(schema);
        return type switch
        {
            AvroRecordSchema record => new StructField(name, record.Fields.Select(f => Field(f.Name, f.Schema)).ToArray()),
            AvroArraySchema array => new ListField(name, Field("element", array.Items)),
            AvroMapSchema => throw new NotSupportedException($"column '{name}': Avro maps are not supported by the transfer"),
            _ => Leaf(name, type.Type),
        };
    }

    private static DataField Leaf(string name, AvroType type) => type switch
    {
        AvroType.Boolean => new DataField<bool?>(name),
        AvroType.Int => new DataField<int?>(name),
        AvroType.Long => new DataField<long?>(name),
        AvroType.Float => new DataField<float?>(name),
        AvroType.Double => new DataField<double?>(name),
        AvroType.String => new DataField<string>(name, true),
        AvroType.Bytes => new DataField<byte[]>(name, true),
        _ => throw new NotSupportedException($"column '{name}': Avro type {type} has no Parquet column"),
    };
}
