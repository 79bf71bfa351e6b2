using FinkXmatch.Core.Avro;
using Parquet.Schema;

namespace FinkXmatch.Core.Results;

/// <summary>
/// The Parquet schema of a result row described by its Avro schema, so that the Parquet results and the Kafka
/// topic have one definition: `[T, "null"]` becomes a nullable column, records become structs, arrays become
/// lists (pyarrow's three-level LIST layout, which Parquet.Net writes), maps become MAP columns (a required string
/// key, the value as its Avro type says), as Spark writes LSST's <c>lc_features</c>.
/// </summary>
public static class ParquetSchemaFromAvro
{
    public static ParquetSchema Convert(AvroRecordSchema schema) =>
        new(schema.Fields.Select(f => Field(f.Name, f.Schema)).ToArray());

    private static Field Field(string name, AvroSchema schema)
    {
        var nullable = false;
        if (schema is AvroUnionSchema union)
        {
            var branches = union.Branches.Where(b => b.Type != AvroType.Null).ToArray();
            if (branches.Length != 1) throw new NotSupportedException($"column '{name}': unions of several types are not supported");
            nullable = union.NullIndex >= 0;
            schema = branches[0];
        }
        return schema switch
        {
            AvroRecordSchema record => new StructField(name, record.Fields.Select(f => Field(f.Name, f.Schema)).ToArray()),
            AvroArraySchema array => new ListField(name, Field("element", array.Items)),
            AvroMapSchema map => new MapField(name, Leaf("key", AvroType.String, nullable: false), Field("value", map.Values)),
            _ => Leaf(name, schema.Type, nullable),
        };
    }

    private static DataField Leaf(string name, AvroType type, bool nullable) => type switch
    {
        AvroType.Boolean => new DataField(name, typeof(bool), nullable),
        AvroType.Int => new DataField(name, typeof(int), nullable),
        AvroType.Long => new DataField(name, typeof(long), nullable),
        AvroType.Float => new DataField(name, typeof(float), nullable),
        AvroType.Double => new DataField(name, typeof(double), nullable),
        AvroType.String => new DataField(name, typeof(string), nullable),
        AvroType.Bytes => new DataField(name, typeof(byte[]), nullable),
        _ => throw new NotSupportedException($"column '{name}': Avro type {type} has no Parquet column here"),
    };
}
