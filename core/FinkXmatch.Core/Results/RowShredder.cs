using System.Collections;
using FinkXmatch.Core.Avro;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Results;

/// <summary>
/// Dremel column striping of rows in Avro shape (object?[] or <see cref="AvroRecord"/> records, lists, maps as
/// key/value pairs) against a Parquet schema (the one <see cref="ParquetSchemaFromAvro"/> made of their Avro schema, or
/// a datalake schema for generated alerts). Levels come from Parquet.Net's own fields, so they agree with the schema it
/// writes: a null value gives every leaf under it the level of its defined parent; a list or map entry past the first
/// repeats at the collection's level. Written for maps of records (LSST's <c>lc_features</c>), which Parquet.Net's
/// untyped serializer cannot stripe.
/// </summary>
internal static class RowShredder
{
    /// <summary>The leaf columns of <paramref name="rows"/>, in the Parquet schema's leaf order.</summary>
    public static IReadOnlyList<ShreddedLeaf> Shred(ParquetSchema parquet, IEnumerable<object?[]> rows)
    {
        var leaves = parquet.GetDataFields().Select(ShreddedLeaf.For).ToList();
        var shredder = new Walker(leaves);
        var fields = parquet.Fields;
        foreach (var row in rows)
        {
            if (row.Length != fields.Count)
                throw new ArgumentException($"a row has {row.Length} values for {fields.Count} columns");
            var leaf = 0;
            for (var i = 0; i < row.Length; i++) shredder.Node(fields[i], row[i], 0, 0, ref leaf);
        }
        return leaves;
    }

    /// <summary>Writes <paramref name="rows"/> as one row group.</summary>
    public static async Task WriteRowGroupAsync(ParquetWriter writer, ParquetSchema schema, IEnumerable<object?[]> rows,
        CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        foreach (var leaf in Shred(schema, rows)) await leaf.WriteAsync(group, cancellationToken).ConfigureAwait(false);
    }

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
        public void Node(Field field, object? value, int repetition, int definition, ref int leaf)
        {
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
                    var values = value as object?[] ?? ((AvroRecord)value).Values;
                    for (var i = 0; i < s.Fields.Count; i++) Node(s.Fields[i], values[i], repetition, s.MaxDefinitionLevel, ref leaf);
                    break;
                case ListField l:
                    var items = (IList)value;
                    Entries(field, items.Count, l.MaxDefinitionLevel, repetition, ref leaf, (int i, int r, ref int at) =>
                        Node(l.Item, items[i], r, l.MaxDefinitionLevel, ref at));
                    break;
                case MapField m:
                    // Parquet.Net gives a map no levels of its own: its required key is defined exactly when an entry is.
                    var key = (DataField)m.Key;
                    var entries = ((IEnumerable<KeyValuePair<string, object?>>)value).ToList();
                    Entries(field, entries.Count, key.MaxDefinitionLevel, repetition, ref leaf, (int i, int r, ref int at) =>
                    {
                        leaves[at++].Add(entries[i].Key, r);
                        Node(m.Value, entries[i].Value, r, key.MaxDefinitionLevel, ref at);
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
