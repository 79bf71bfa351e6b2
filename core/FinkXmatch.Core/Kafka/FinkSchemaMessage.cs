using System.Text;
using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// The messages of the <c>&lt;topic&gt;_schema</c> topic (CONTRACT §4): key = the data schema JSON,
/// value = a schemaless record <c>{"schema": "new_schema_&lt;unix time&gt;.avsc"}</c>. Consumers read only the key.
/// </summary>
public static class FinkSchemaMessage
{
    /// <summary>
    /// The value's schema. Spark builds it from a one-row DataFrame whose string column is nullable,
    /// hence <c>["string","null"]</c>; consumers ignore the value, so this choice cannot break them.
    /// </summary>
    public static AvroRecordSchema ValueSchema { get; } =
        new(AvroSchemaBuilder.TopLevelRecordName, [new AvroField("schema", AvroSchema.Nullable(AvroSchema.String))]);

    /// <summary>The schema file name fink puts in the value, for the given time.</summary>
    public static string FileName(DateTimeOffset now) => $"new_schema_{now.ToUnixTimeSeconds()}.avsc";

    /// <summary>The message key: the data schema JSON (fink's layout) as UTF-8.</summary>
    public static byte[] Key(AvroRecordSchema dataSchema) => Encoding.UTF8.GetBytes(AvroSchemaJson.Write(dataSchema, AvroJsonStyle.Fink));

    /// <summary>The message value: <c>{"schema": fileName}</c> as schemaless Avro.</summary>
    public static byte[] Value(string fileName) => AvroEncoder.Encode(ValueSchema, new object?[] { fileName });
}
