using System.Text.Json;
using Parquet;

namespace FinkXmatch.Core.Tests.Datalake;

/// <summary>Reads the Spark SQL schema JSON that Spark stores in the files it writes: an independent view of the schema.</summary>
internal static class SparkSchema
{
    public static string RowMetadata(string parquetFile)
    {
        var reader = ParquetReader.CreateAsync(parquetFile).GetAwaiter().GetResult();
        try { return reader.CustomMetadata["org.apache.spark.sql.parquet.row.metadata"]; }
        finally { reader.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    /// <summary>(dotted path, Spark type name with arrays as array&lt;element&gt;, nullable), depth first.</summary>
    public static IEnumerable<(string Path, string Type, bool Nullable)> Paths(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Walk(doc.RootElement, "").ToArray();
    }

    private static IEnumerable<(string, string, bool)> Walk(JsonElement structType, string prefix)
    {
        foreach (var field in structType.GetProperty("fields").EnumerateArray())
        {
            var path = prefix + field.GetProperty("name").GetString();
            var nullable = field.GetProperty("nullable").GetBoolean();
            var type = field.GetProperty("type");
            if (type.ValueKind == JsonValueKind.String)
            {
                yield return (path, type.GetString()!, nullable);
                continue;
            }
            if (type.GetProperty("type").GetString() == "struct")
            {
                yield return (path, "struct", nullable);
                foreach (var child in Walk(type, path + ".")) yield return child;
                continue;
            }
            var element = type.GetProperty("elementType");
            if (element.ValueKind == JsonValueKind.String)
            {
                yield return (path, $"array<{element.GetString()}>", nullable);
                continue;
            }
            yield return (path, "array<struct>", nullable);
            foreach (var child in Walk(element, path + ".")) yield return child;
        }
    }
}
