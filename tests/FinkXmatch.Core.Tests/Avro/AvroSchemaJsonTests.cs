using FinkXmatch.Core.Tests.Kafka;
using System.Security.Cryptography;
using System.Text;
using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Tests.Avro;

public class AvroSchemaJsonTests
{
    // Produced by CPython: json.dumps(schema, indent=2), which is what fink_utils' schema_converter.to_avro returns.
    private const string PythonIndent2 =
        "{\n  \"type\": \"record\",\n  \"name\": \"topLevelRecord.value\",\n  \"fields\": [\n    {\n      \"name\": \"objectId\",\n      \"type\": [\n        \"string\",\n        \"null\"\n      ]\n    },\n    {\n      \"name\": \"empty\",\n      \"type\": {\n        \"type\": \"record\",\n        \"name\": \"topLevelRecord.empty\",\n        \"fields\": []\n      }\n    },\n    {\n      \"name\": \"tags\",\n      \"type\": [\n        {\n          \"type\": \"map\",\n          \"values\": [\n            \"float\",\n            \"null\"\n          ]\n        },\n        \"null\"\n      ]\n    },\n    {\n      \"name\": \"hist\",\n      \"type\": [\n        {\n          \"type\": \"array\",\n          \"items\": [\n            \"long\",\n            \"null\"\n          ]\n        },\n        \"null\"\n      ]\n    },\n    {\n      \"name\": \"caf\\u00e9 \\\"q\\\"\\t\\ud83d\\ude00\",\n      \"type\": \"bytes\"\n    }\n  ]\n}";

    // SHA-256 of CPython's json.dumps(json.loads(<avro.schema of the sample container file>), indent=2).
    private const string SampleIndent2Sha256 = "89774dad3547cfacd62b631ae0ba06f55470a8eb1e4ba61c506852040a7f16eb";

    private static AvroRecordSchema SmallSchema() => new(AvroSchemaBuilder.TopLevelRecordName,
    [
        new("objectId", AvroSchema.Nullable(AvroSchema.String)),
        new("empty", new AvroRecordSchema("topLevelRecord.empty", [])),
        new("tags", AvroSchema.Nullable(new AvroMapSchema(AvroSchema.Nullable(AvroSchema.Float)))),
        new("hist", AvroSchema.Nullable(new AvroArraySchema(AvroSchema.Nullable(AvroSchema.Long)))),
        new("café \"q\"\t😀", AvroSchema.Bytes),
    ]);

    [Fact]
    public void Fink_style_matches_python_json_dumps_indent_2()
    {
        Assert.Equal(PythonIndent2, AvroSchemaJson.Write(SmallSchema(), AvroJsonStyle.Fink));
    }

    [Fact]
    public void Fink_style_of_the_sample_schema_matches_python_byte_for_byte()
    {
        var json = AvroSchemaJson.WriteUtf8(KafkaSample.Schema, AvroJsonStyle.Fink);
        Assert.Equal(SampleIndent2Sha256, Convert.ToHexStringLower(SHA256.HashData(json)));
    }

    [Fact]
    public void Compact_style_of_the_sample_equals_the_container_header_without_spaces()
    {
        // fastavro wrote the header with ", " and ": " separators and fink's key order; no name contains those.
        var header = KafkaSample.Container.SchemaJson.Replace(", ", ",").Replace(": ", ":");
        Assert.Equal(header, AvroSchemaJson.Write(KafkaSample.Schema, AvroJsonStyle.Compact));
    }

    [Fact]
    public void Written_json_parses_back_to_the_same_schema()
    {
        foreach (var style in new[] { AvroJsonStyle.Fink, AvroJsonStyle.Compact })
        {
            var small = AvroSchemaJson.Write(SmallSchema(), style);
            Assert.Equal(small, AvroSchemaJson.Write(AvroSchemaParser.Parse(small), style));
            var sample = AvroSchemaJson.Write(KafkaSample.Schema, style);
            Assert.Equal(sample, AvroSchemaJson.Write(AvroSchemaParser.Parse(sample), style));
        }
    }

    [Fact]
    public void A_record_used_twice_is_written_once_then_referenced_by_name()
    {
        var point = new AvroRecordSchema("topLevelRecord.point", [new("x", AvroSchema.Double)]);
        var schema = new AvroRecordSchema("topLevelRecord.value", [new("a", point), new("b", AvroSchema.Nullable(point))]);
        var json = AvroSchemaJson.Write(schema, AvroJsonStyle.Compact);
        Assert.Equal("{\"type\":\"record\",\"name\":\"topLevelRecord.value\",\"fields\":[{\"name\":\"a\",\"type\":{\"type\":\"record\",\"name\":\"topLevelRecord.point\",\"fields\":[{\"name\":\"x\",\"type\":\"double\"}]}},{\"name\":\"b\",\"type\":[\"topLevelRecord.point\",\"null\"]}]}", json);
        var parsed = Assert.IsType<AvroRecordSchema>(AvroSchemaParser.Parse(json));
        var b = Assert.IsType<AvroUnionSchema>(parsed.Fields[1].Schema);
        Assert.Same(parsed.Fields[0].Schema, b.Branches[0]);
    }

    [Fact]
    public void Short_names_resolve_in_the_enclosing_namespace()
    {
        const string json = """
            {"type":"record","name":"value","namespace":"topLevelRecord","fields":[
              {"name":"c","type":{"type":"record","name":"candidate","fields":[{"name":"ra","type":"double"}]}},
              {"name":"d","type":"candidate"},
              {"name":"e","type":{"type":"long","logicalType":"timestamp-micros"}}]}
            """;
        var schema = AvroSchemaParser.ParseRecord(json);
        Assert.Equal("topLevelRecord.value", schema.FullName);
        var c = Assert.IsType<AvroRecordSchema>(schema.Fields[0].Schema);
        Assert.Equal("topLevelRecord.candidate", c.FullName);
        Assert.Same(c, schema.Fields[1].Schema);
        Assert.Same(AvroSchema.Long, schema.Fields[2].Schema);
        // Written back: the inherited namespace is not repeated, the second use is a full-name reference.
        Assert.Equal(
            """{"type":"record","name":"value","namespace":"topLevelRecord","fields":[{"name":"c","type":{"type":"record","name":"candidate","fields":[{"name":"ra","type":"double"}]}},{"name":"d","type":"topLevelRecord.candidate"},{"name":"e","type":"long"}]}""",
            AvroSchemaJson.Write(schema, AvroJsonStyle.Compact));
        Assert.Throws<FormatException>(() => AvroSchemaParser.Parse("""{"type":"record","name":"r","fields":[{"name":"x","type":"nope"}]}"""));
        Assert.Throws<FormatException>(() => AvroSchemaParser.Parse("""{"type":"enum","name":"e","symbols":["A"]}"""));
    }
}
