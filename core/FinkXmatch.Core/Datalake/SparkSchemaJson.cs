using System.Text.Json;
using Parquet.Schema;

namespace FinkXmatch.Core.Datalake;

/// <summary>
/// The Parquet schema Spark writes for a Spark SQL schema JSON (the value of <see cref="FinkAlertSchema.SparkMetadataKey"/>
/// in every file it writes): optional fields unless declared otherwise, 3-level lists named list/element, maps as
/// key_value groups with a required key, timestamps as INT96 (Spark's default output type).
/// </summary>
public static class SparkSchemaJson
{
    /// <summary>The top-level fields of a Spark <c>struct</c> schema JSON.</summary>
    public static Field[] ToParquet(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Fields(doc.RootElement);
    }

    /// <summary>The JSON of a struct whose fields are those of every given struct JSON, in order.</summary>
    public static string Concatenate(params string[] structs)
    {
        var fields = new List<string>();
        foreach (var json in structs)
        {
            using var doc = JsonDocument.Parse(json);
            fields.AddRange(doc.RootElement.GetProperty("fields").EnumerateArray().Select(f => f.GetRawText()));
        }
        return "{\"type\":\"struct\",\"fields\":[" + string.Join(",", fields) + "]}";
    }

    private static Field[] Fields(JsonElement structType) =>
        structType.GetProperty("fields").EnumerateArray().Select(f =>
            ToField(f.GetProperty("name").GetString()!, f.GetProperty("type"), f.GetProperty("nullable").GetBoolean())).ToArray();

    private static Field ToField(string name, JsonElement type, bool nullable)
    {
        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString() switch
            {
                "timestamp" => new DateTimeDataField(name, DateTimeFormat.Impala, isNullable: nullable),
                var spark => new DataField(name, Clr(spark!), isNullable: nullable),
            };
        }
        // Parquet.Net writes every group optional: a required struct (Fink's clf, xm, pred, misc) becomes optional here.
        return type.GetProperty("type").GetString() switch
        {
            "struct" => new StructField(name, Fields(type)),
            "array" => new ListField(name, ToField("element", type.GetProperty("elementType"), type.GetProperty("containsNull").GetBoolean())),
            "map" => new MapField(name, ToField("key", type.GetProperty("keyType"), false),
                ToField("value", type.GetProperty("valueType"), type.GetProperty("valueContainsNull").GetBoolean())),
            var other => throw new NotSupportedException($"Spark type {other} in the alert schema"),
        };
    }

    private static Type Clr(string spark) => spark switch
    {
        "long" => typeof(long),
        "integer" => typeof(int),
        "double" => typeof(double),
        "float" => typeof(float),
        "string" => typeof(string),
        "binary" => typeof(byte[]),
        "boolean" => typeof(bool),
        _ => throw new NotSupportedException($"Spark type {spark} in the alert schema"),
    };
}
