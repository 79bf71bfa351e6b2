using System.Text.Json;

namespace FinkXmatch.Core.Avro;

/// <summary>
/// Parses Avro schema JSON (as Spark, fink or fastavro write it) into an <see cref="AvroSchema"/> tree.
/// Keys starting with <c>__</c> (fastavro's <c>__fastavro_parsed</c>, <c>__named_schemas</c>) and attributes
/// that do not change the binary form (doc, default, aliases, logicalType, order) are ignored.
/// Named types may be referenced by full name or by short name within the enclosing namespace.
/// </summary>
public static class AvroSchemaParser
{
    /// <summary>Parses schema JSON text.</summary>
    /// <exception cref="FormatException">the JSON is not a schema this library handles.</exception>
    public static AvroSchema Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement);
    }

    /// <summary>Parses a schema from a JSON element.</summary>
    public static AvroSchema Parse(JsonElement element) => new Context().Parse(element, null);

    /// <summary>Parses schema JSON expected to be a record (the shape of every Kafka value schema).</summary>
    public static AvroRecordSchema ParseRecord(string json) =>
        Parse(json) as AvroRecordSchema ?? throw new FormatException("the Avro schema is not a record");

    private sealed class Context
    {
        private readonly Dictionary<string, AvroRecordSchema> _named = new(StringComparer.Ordinal);

        public AvroSchema Parse(JsonElement element, string? enclosingNamespace) => element.ValueKind switch
        {
            JsonValueKind.String => ParseName(element.GetString()!, enclosingNamespace),
            JsonValueKind.Array => new AvroUnionSchema(element.EnumerateArray().Select(e => Parse(e, enclosingNamespace)).ToArray()),
            JsonValueKind.Object => ParseObject(element, enclosingNamespace),
            _ => throw new FormatException($"unexpected JSON {element.ValueKind} where an Avro type was expected"),
        };

        private AvroSchema ParseName(string name, string? enclosingNamespace)
        {
            var primitive = PrimitiveOf(name);
            if (primitive is not null) return primitive;
            if (!name.Contains('.') && enclosingNamespace is not null
                && _named.TryGetValue($"{enclosingNamespace}.{name}", out var inNamespace))
                return inNamespace;
            return _named.TryGetValue(name, out var named)
                ? named
                : throw new FormatException($"unknown Avro type '{name}'");
        }

        private AvroSchema ParseObject(JsonElement element, string? enclosingNamespace)
        {
            if (!element.TryGetProperty("type", out var typeElement))
                throw new FormatException("an Avro type object has no 'type'");
            if (typeElement.ValueKind != JsonValueKind.String) return Parse(typeElement, enclosingNamespace);
            var type = typeElement.GetString()!;
            switch (type)
            {
                case "record":
                case "error":
                    return ParseRecord(element, enclosingNamespace);
                case "array":
                    return new AvroArraySchema(Parse(Required(element, "items"), enclosingNamespace));
                case "map":
                    return new AvroMapSchema(Parse(Required(element, "values"), enclosingNamespace));
                case "enum":
                case "fixed":
                    throw new FormatException($"Avro '{type}' is not supported (Spark's to_avro does not produce it)");
                default:
                    // {"type": "long", "logicalType": ...} or a named reference in object form.
                    return ParseName(type, enclosingNamespace);
            }
        }

        private AvroRecordSchema ParseRecord(JsonElement element, string? enclosingNamespace)
        {
            var name = Required(element, "name").GetString() ?? throw new FormatException("record name is not a string");
            // Without its own namespace a short name inherits the enclosing one (Avro spec).
            var ns = element.TryGetProperty("namespace", out var nsElement) ? nsElement.GetString() : enclosingNamespace;
            var record = new AvroRecordSchema(name, ns, []);
            if (!_named.TryAdd(record.FullName, record))
                throw new FormatException($"Avro named type '{record.FullName}' is defined twice");
            // Fields resolve names in the record's own namespace (its full name minus the last part).
            var lastDot = record.FullName.LastIndexOf('.');
            var childNamespace = lastDot < 0 ? null : record.FullName[..lastDot];
            var fields = new List<AvroField>();
            foreach (var field in Required(element, "fields").EnumerateArray())
            {
                var fieldName = Required(field, "name").GetString() ?? throw new FormatException("field name is not a string");
                fields.Add(new AvroField(fieldName, Parse(Required(field, "type"), childNamespace)));
            }
            record.SetFields(fields);
            return record;
        }

        private static JsonElement Required(JsonElement element, string property) =>
            element.TryGetProperty(property, out var value)
                ? value
                : throw new FormatException($"Avro schema object lacks '{property}'");

        private static AvroSchema? PrimitiveOf(string name) => name switch
        {
            "null" => AvroSchema.Null,
            "boolean" => AvroSchema.Boolean,
            "int" => AvroSchema.Int,
            "long" => AvroSchema.Long,
            "float" => AvroSchema.Float,
            "double" => AvroSchema.Double,
            "bytes" => AvroSchema.Bytes,
            "string" => AvroSchema.String,
            _ => null,
        };
    }
}
