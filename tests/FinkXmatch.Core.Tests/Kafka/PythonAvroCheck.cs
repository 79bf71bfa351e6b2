using System.Collections;
using System.Text.Json;
using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Tests.Kafka;

/// <summary>
/// What a Python consumer sees: python3-confluent-kafka reads <c>T_schema</c> and <c>T</c> at read_committed,
/// python3-avro decodes each value schemaless with the schema JSON taken from the first schema message key
/// (what fink_datatransfer does with fastavro). Compared structurally with the rows that were produced.
/// </summary>
internal static class PythonAvroCheck
{
    private const string Script = """
        import io, json, sys, time
        import avro.io, avro.schema
        from confluent_kafka import Consumer, KafkaError, TopicPartition, OFFSET_BEGINNING

        bootstrap, topic = sys.argv[1], sys.argv[2]

        def drain(name):
            c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'python-check', 'enable.auto.commit': False,
                          'isolation.level': 'read_committed', 'enable.partition.eof': True})
            parts = c.list_topics(timeout=10).topics[name].partitions
            c.assign([TopicPartition(name, p, OFFSET_BEGINNING) for p in parts])
            eof, out, deadline = set(), [], time.time() + 20
            while len(eof) < len(parts) and time.time() < deadline:
                m = c.poll(0.2)
                if m is None: continue
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF: eof.add(m.partition()); continue
                    raise Exception(m.error())
                out.append(m)
            c.close()
            if len(eof) < len(parts): raise Exception('not drained: ' + name)
            return out

        schema_messages = drain(topic + '_schema')
        schema = avro.schema.parse(schema_messages[0].key().decode('utf-8'))
        reader = avro.io.DatumReader(schema)
        rows = []
        for m in drain(topic):
            rows.append({'key': m.key().decode('utf-8'), 'partition': m.partition(),
                         'value': reader.read(avro.io.BinaryDecoder(io.BytesIO(m.value())))})
        # JSON has no NaN or infinity (real alerts hold NaN floats): written as {"float": "nan"} and the like.
        def finite(v):
            if isinstance(v, float) and (v != v or v in (float('inf'), float('-inf'))): return {'float': repr(v)}
            if isinstance(v, dict): return {k: finite(x) for k, x in v.items()}
            if isinstance(v, list): return [finite(x) for x in v]
            return v
        rows = finite(rows)
        json.dump({'schema_messages': len(schema_messages),
                   'schema_keys_identical': len(set(m.key() for m in schema_messages)) == 1,
                   'rows': rows}, sys.stdout, default=lambda b: {'hex': b.hex()})
        """;

    public static JsonDocument Read(string bootstrapServers, string topic) =>
        JsonDocument.Parse(ExternalKafkaTools.RunPython(Script, bootstrapServers, topic));

    /// <summary>Asserts that a Python-decoded record equals a produced row (object?[] in schema order).</summary>
    public static void AssertEqual(AvroSchema schema, object? expected, JsonElement actual, string path)
    {
        if (schema is AvroUnionSchema union) schema = union.Branches[AvroEncoder.SelectBranch(union, expected)];
        switch (schema.Type)
        {
            case AvroType.Null:
                Assert.True(actual.ValueKind == JsonValueKind.Null, $"{path}: expected null, got {actual}");
                break;
            case AvroType.Record:
                var record = (AvroRecordSchema)schema;
                // A null struct goes out as the record of nulls (Fink's struct(x.*) is never null).
                var values = (object?[]?)expected ?? new object?[record.Fields.Count];
                Assert.Equal(record.Fields.Count, actual.EnumerateObject().Count());
                for (var i = 0; i < values.Length; i++)
                    AssertEqual(record.Fields[i].Schema, values[i], actual.GetProperty(record.Fields[i].Name), $"{path}.{record.Fields[i].Name}");
                break;
            case AvroType.Array:
                var items = ((IList)expected!).Cast<object?>().ToList();
                var got = actual.EnumerateArray().ToList();
                Assert.True(items.Count == got.Count, $"{path}: {items.Count} items expected, got {got.Count}");
                for (var i = 0; i < items.Count; i++) AssertEqual(((AvroArraySchema)schema).Items, items[i], got[i], $"{path}[{i}]");
                break;
            case AvroType.Map:
                var entries = ((IEnumerable<KeyValuePair<string, object?>>)expected!).ToList();
                Assert.True(entries.Count == actual.EnumerateObject().Count(), $"{path}: {entries.Count} map entries expected, got {actual}");
                foreach (var (key, value) in entries)
                    AssertEqual(((AvroMapSchema)schema).Values, value, actual.GetProperty(key), $"{path}[{key}]");
                break;
            case AvroType.Bytes:
                Assert.Equal(Convert.ToHexStringLower((byte[])expected!), actual.GetProperty("hex").GetString());
                break;
            case AvroType.String:
                Assert.Equal((string)expected!, actual.GetString());
                break;
            case AvroType.Boolean:
                Assert.Equal((bool)expected!, actual.GetBoolean());
                break;
            default:
                // int, long, float, double: python prints the exact value, float32 widened to double; NaN and
                // infinities come as {"float": "nan"} (JSON has no such numbers).
                var number = Convert.ToDouble(expected, System.Globalization.CultureInfo.InvariantCulture);
                if (actual.ValueKind == JsonValueKind.Object)
                    Assert.True((double.IsNaN(number) ? "nan" : double.IsPositiveInfinity(number) ? "inf" : double.IsNegativeInfinity(number) ? "-inf" : "finite")
                        == actual.GetProperty("float").GetString(), $"{path}: expected {expected}, got {actual}");
                else Assert.True(number == actual.GetDouble(), $"{path}: expected {expected}, got {actual}");
                break;
        }
    }
}
