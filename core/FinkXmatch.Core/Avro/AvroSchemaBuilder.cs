using Parquet.Schema;

namespace FinkXmatch.Core.Avro;

/// <summary>
/// Builds the Avro schema Fink's Data Transfer publishes for a selection of datalake columns
/// (fink_utils <c>schema_converter.to_avro</c> over the Spark schema), checked against the real ZTF and LSST samples:
/// <list type="bullet">
/// <item>top record <c>topLevelRecord.value</c>; every struct at any depth is a record named
/// <c>topLevelRecord.&lt;field name&gt;</c>, written in place and never wrapped in a union;</item>
/// <item>every other column is nullable <c>[T, "null"]</c> (Spark reads Parquet columns as nullable, which is why
/// the sample has <c>mulens</c> nullable although the Parquet file declares it required);</item>
/// <item>a list is <c>[{"type":"array","items":[X,"null"]},"null"]</c>, a list of structs having items record
/// <c>topLevelRecord.&lt;list name&gt;</c>; a map (string keys) is <c>[{"type":"map","values":[V,"null"]},"null"]</c>,
/// a struct value being record <c>topLevelRecord.topLevelRecord</c> (LSST's <c>lc_features</c>);</item>
/// <item>int8/16/32 -> int, int64 -> long, binary -> bytes, timestamps, dates and decimals -> string.</item>
/// </list>
/// </summary>
public static class AvroSchemaBuilder
{
    /// <summary>The name fink gives the top-level record.</summary>
    public const string TopLevelRecordName = "topLevelRecord.value";

    private const string NestedRecordPrefix = "topLevelRecord.";

    /// <summary>The schema of a row made of <paramref name="columns"/>, in that order.</summary>
    /// <exception cref="ArgumentException">two columns share a name, or two different structs would share a record name.</exception>
    /// <exception cref="NotSupportedException">a Parquet type Spark's <c>to_avro</c> cannot express.</exception>
    public static AvroRecordSchema Build(IEnumerable<ResultColumn> columns)
    {
        var context = new Context();
        var fields = columns.Select(c => new AvroField(c.Name, c.Source is null
            ? Leaf(AvroSchema.Primitive(c.LeafType!.Value), c.Nullable)
            : context.Column(c.Source, c.NullableStructs))).ToList();
        return new AvroRecordSchema(TopLevelRecordName, fields);
    }

    /// <summary>The schema of whole datalake rows (every top-level column, in file order).</summary>
    public static AvroRecordSchema FromParquet(ParquetSchema schema) => Build(schema.Fields.Select(f => ResultColumn.FromField(f)));

    /// <summary>The schema of datalake rows restricted to the top-level or nested <paramref name="paths"/>, in that order.</summary>
    public static AvroRecordSchema FromParquet(ParquetSchema schema, IEnumerable<string> paths) =>
        Build(paths.Select(p => ResultColumn.FromParquet(schema, p)));

    /// <summary>The Avro type of one Parquet primitive column value (before nullability).</summary>
    /// <exception cref="NotSupportedException">the CLR type has no Spark/Avro equivalent.</exception>
    public static AvroSchema Primitive(DataField field)
    {
        var t = field.ClrType;
        if (t == typeof(bool)) return AvroSchema.Boolean;
        if (t == typeof(int) || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ushort)) return AvroSchema.Int;
        if (t == typeof(long) || t == typeof(uint) || t == typeof(ulong)) return AvroSchema.Long;
        if (t == typeof(float)) return AvroSchema.Float;
        if (t == typeof(double)) return AvroSchema.Double;
        // Parquet.Net 6 reports binary as ReadOnlyMemory<byte> and strings as ReadOnlyMemory<char>.
        if (t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>)) return AvroSchema.Bytes;
        // Timestamps: the contract (and the sample's brokerIngestTimestamp/timestamp) carries them as strings;
        // dates, times and decimals likewise, since fink's converter would emit invalid Avro type names for them.
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(DateOnly)
            || t == typeof(TimeSpan) || t == typeof(TimeOnly) || t == typeof(decimal) || t == typeof(Guid)
            || t == typeof(System.Numerics.BigInteger))
            return AvroSchema.String;
        throw new NotSupportedException($"Parquet column '{field.Path}' of CLR type {t.Name} has no Avro equivalent");
    }

    private static AvroSchema Leaf(AvroSchema type, bool nullable) => nullable ? AvroSchema.Nullable(type) : type;

    private sealed class Context
    {
        // Record names are per field name, not per path: remember each to refuse two different structs under one name.
        private readonly Dictionary<string, AvroRecordSchema> _records = new(StringComparer.Ordinal);
        private IReadOnlySet<StructField>? _nullableStructs;

        public AvroSchema Column(Field field, IReadOnlySet<StructField>? nullableStructs)
        {
            _nullableStructs = nullableStructs;
            return Column(field);
        }

        private AvroSchema Column(Field field) => field switch
        {
            StructField s when _nullableStructs?.Contains(s) == true => AvroSchema.Nullable(Record(NestedRecordPrefix + s.Name, s)),
            StructField s => Record(NestedRecordPrefix + s.Name, s),
            ListField l => AvroSchema.Nullable(new AvroArraySchema(Item(l.Item, l.Name))),
            MapField m => AvroSchema.Nullable(new AvroMapSchema(MapValue(m))),
            DataField { IsArray: true } d => AvroSchema.Nullable(new AvroArraySchema(AvroSchema.Nullable(Primitive(d)))),
            DataField d => AvroSchema.Nullable(Primitive(d)),
            _ => throw new NotSupportedException($"Parquet field '{field.Path}' of kind {field.SchemaType}"),
        };

        // List items: a struct item is named after the list; every item is nullable (Spark's containsNull).
        private AvroSchema Item(Field item, string listName) => item switch
        {
            StructField s => AvroSchema.Nullable(Record(NestedRecordPrefix + listName, s)),
            _ => Column(item),
        };

        private AvroSchema MapValue(MapField map)
        {
            if (map.Key is not DataField { ClrType: var keyType } || (keyType != typeof(string) && keyType != typeof(ReadOnlyMemory<char>)))
                throw new NotSupportedException($"Parquet map '{map.Path}': Avro map keys must be strings");
            // fink_utils names a struct map value plain "topLevelRecord" (it passes no name), which resolves inside
            // topLevelRecord.value to topLevelRecord.topLevelRecord: the full name the real LSST sample carries.
            return map.Value is StructField s ? AvroSchema.Nullable(Record(NestedRecordPrefix + "topLevelRecord", s)) : Column(map.Value);
        }

        private AvroRecordSchema Record(string name, StructField source)
        {
            var record = new AvroRecordSchema(name, source.Fields.Select(f => new AvroField(f.Name, Column(f))).ToList());
            if (_records.TryGetValue(name, out var existing))
            {
                // Same shape: the JSON writer refers to the first definition. Different shape: fastavro would refuse it.
                return AvroSchemaJson.Write(existing, AvroJsonStyle.Compact) == AvroSchemaJson.Write(record, AvroJsonStyle.Compact)
                    ? existing
                    : throw new ArgumentException($"two different structs would both be Avro record '{name}'");
            }
            _records.Add(name, record);
            return record;
        }
    }
}
