using System.Collections;
using FinkXmatch.Core.Kafka.Avro;
using Parquet.Schema;

namespace FinkXmatch.Core.Results;

/// <summary>
/// Dremel column striping of result rows in Avro shape (object?[] or <see cref="AvroRecord"/> records, lists, maps as
/// key/value pairs) against the Parquet schema <see cref="ParquetSchemaFromAvro"/> made of the same Avro schema.
/// Levels come from Parquet.Net's own fields, so they agree with the schema it writes: a null value gives every leaf
/// under it the level of its defined parent; a list or map entry past the first repeats at the collection's level.
/// Written for maps of records (LSST's <c>lc_features</c>), which Parquet.Net's untyped serializer cannot stripe.
/// </summary>
internal static class RowShredder
{
    /// <summary>The leaf columns of <paramref name="rows"/>, in the Parquet schema's leaf order.</summary>
    public static IReadOnlyList<ShreddedLeaf> Shred(AvroRecordSchema schema, ParquetSchema parquet, IEnumerable<object?[]> rows)
    {
        var leaves = new List<ShreddedLeaf>();
        for (var i = 0; i < schema.Fields.Count; i++) AddLeaves(schema.Fields[i].Schema, parquet.Fields[i], leaves);
        var shredder = new Walker(leaves);
        foreach (var row in rows)
        {
            if (row.Length != schema.Fields.Count)
                throw new ArgumentException($"a result row has {row.Length} values for {schema.Fields.Count} columns");
            var leaf = 0;
            for (var i = 0; i < row.Length; i++) shredder.Node(schema.Fields[i].Schema, parquet.Fields[i], row[i], 0, 0, ref leaf);
        }
        return leaves;
    }

    private static void AddLeaves(AvroSchema avro, Field field, List<ShreddedLeaf> leaves)
    {
        avro = NonNull(avro);
        switch (field)
        {
            case DataField data: leaves.Add(ShreddedLeaf.For(data, avro.Type)); break;
            case StructField s:
                var record = (AvroRecordSchema)avro;
                for (var i = 0; i < s.Fields.Count; i++) AddLeaves(record.Fields[i].Schema, s.Fields[i], leaves);
                break;
            case ListField l: AddLeaves(((AvroArraySchema)avro).Items, l.Item, leaves); break;
            case MapField m:
                AddLeaves(AvroSchema.String, m.Key, leaves);
                AddLeaves(((AvroMapSchema)avro).Values, m.Value, leaves);
                break;
            default: throw new NotSupportedException($"result column '{field.Path}' of kind {field.SchemaType}");
        }
    }

    private static AvroSchema NonNull(AvroSchema schema) =>
        schema is AvroUnionSchema union ? union.Branches.First(b => b.Type != AvroType.Null) : schema;

    private static int LeafCount(Field field) => field switch
    {
        DataField => 1,
        StructField s => s.Fields.Sum(LeafCount),
        ListField l => LeafCount(l.Item),
        MapField m => LeafCount(m.Key) + LeafCount(m.Value),
        _ => 0,
    };

    private sealed class Walker(List<ShreddedLeaf> leaves)
    {
        /// <param name="definition">The definition level of the closest defined parent.</param>
        /// <param name="leaf">The index of the first leaf under <paramref name="field"/>; advanced past its leaves.</param>
        public void Node(AvroSchema avro, Field field, object? value, int repetition, int definition, ref int leaf)
        {
            avro = NonNull(avro);
            if (value is null)
            {
                if (field is DataField { IsNullable: false })
                    throw new ArgumentException($"result column '{field.Path}' is required but a row has no value for it");
                Missing(field, definition, repetition, ref leaf);
                return;
            }
            switch (field)
            {
                case DataField:
                    leaves[leaf++].Add(value, repetition);
                    break;
                case StructField s:
                    var record = (AvroRecordSchema)avro;
                    var values = value as object?[] ?? ((AvroRecord)value).Values;
                    for (var i = 0; i < s.Fields.Count; i++)
                        Node(record.Fields[i].Schema, s.Fields[i], values[i], repetition, s.MaxDefinitionLevel, ref leaf);
                    break;
                case ListField l:
                    var items = (IList)value;
                    Entries(field, items.Count, l.MaxDefinitionLevel, repetition, ref leaf, (int i, int r, ref int at) =>
                        Node(((AvroArraySchema)avro).Items, l.Item, items[i], r, l.MaxDefinitionLevel, ref at));
                    break;
                case MapField m:
                    // Parquet.Net gives a map no levels of its own: its required key is defined exactly when an entry is.
                    var key = (DataField)m.Key;
                    var entries = ((IEnumerable<KeyValuePair<string, object?>>)value).ToList();
                    Entries(field, entries.Count, key.MaxDefinitionLevel, repetition, ref leaf, (int i, int r, ref int at) =>
                    {
                        leaves[at++].Add(entries[i].Key, r);
                        Node(((AvroMapSchema)avro).Values, m.Value, entries[i].Value, r, key.MaxDefinitionLevel, ref at);
                    });
                    break;
                default:
                    throw new NotSupportedException($"result column '{field.Path}' of kind {field.SchemaType}");
            }
        }

        private delegate void Entry(int index, int repetition, ref int leaf);

        // A list or map: empty is one entry a level below its entries'; the first entry repeats at the enclosing level.
        private void Entries(Field field, int count, int entryLevel, int repetition, ref int leaf, Entry entry)
        {
            if (count == 0)
            {
                Missing(field, entryLevel - 1, repetition, ref leaf);
                return;
            }
            var first = leaf;
            var repeated = field is MapField m ? m.Key.MaxRepetitionLevel : field.MaxRepetitionLevel;
            for (var i = 0; i < count; i++)
            {
                var at = first;
                entry(i, i == 0 ? repetition : repeated, ref at);
            }
            leaf = first + LeafCount(field);
        }

        private void Missing(Field field, int definition, int repetition, ref int leaf)
        {
            var count = LeafCount(field);
            for (var k = 0; k < count; k++) leaves[leaf + k].AddMissing(definition, repetition);
            leaf += count;
        }
    }
}
