using FinkXmatch.Core.Avro;
using FinkXmatch.Core.Datalake;
using Parquet.Schema;

namespace FinkXmatch.Core.Results;

/// <summary>
/// The Avro column of a result row for a field of a job's alert schema: a struct that some nights of the job lack is
/// null in their rows, so nullable in the Avro schema. Shared by the result layout and the part joiner.
/// </summary>
public static class ResultAvroColumns
{
    /// <summary>The column for <paramref name="field"/>, named <paramref name="name"/> in the row.</summary>
    public static ResultColumn Of(AlertSchema schema, AlertField field, string name) =>
        ResultColumn.FromField(field.ParquetField, name, NullableStructs(schema, field));

    /// <summary>The Avro schema of rows holding every top-level field of <paramref name="schema"/>, as a job's result would.</summary>
    public static AvroRecordSchema RowSchema(AlertSchema schema) =>
        AvroSchemaBuilder.Build(schema.TopLevel.Select(f => Of(schema, f, f.Name)));

    private static HashSet<StructField>? NullableStructs(AlertSchema schema, AlertField column)
    {
        HashSet<StructField>? structs = null;
        Visit(column);
        return structs;

        void Visit(AlertField field)
        {
            if (field.Kind == AlertFieldKind.Struct && field.ParquetField is StructField s && schema.NightsWithout(field).Count > 0)
                (structs ??= []).Add(s);
            foreach (var child in field.Children) Visit(child);
        }
    }
}
