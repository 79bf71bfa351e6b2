using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Datalake;

/// <summary>
/// Late materialization: reads the leaf columns under the requested fields once for a row group, keeps the chosen
/// rows, and reassembles structs and lists from definition/repetition levels (Dremel record assembly).
/// </summary>
internal static class RowMaterializer
{
    /// <param name="raw">The file's direct path for flat columns.</param>
    /// <param name="rowGroup">Index of the row group.</param>
    /// <param name="group">Parquet.Net's reader of the row group, asked for only when a column needs it.</param>
    public static async Task<MaterializedRows> ReadAsync(Raw.RawColumnSource raw, int rowGroup,
        Func<CancellationToken, ValueTask<ParquetRowGroupReader>> group, int rowCount, IReadOnlyList<int> rows,
        IReadOnlyList<AlertField> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(fields);
        for (var i = 0; i < rows.Count; i++)
            if (rows[i] < 0 || rows[i] >= rowCount || (i > 0 && rows[i] <= rows[i - 1]))
                throw new ArgumentException($"rows must be strictly ascending within 0..{rowCount - 1}; row {rows[i]} at index {i} is not", nameof(rows));

        var columns = new Dictionary<string, LeafSelection>(StringComparer.Ordinal);
        var result = new List<FieldValues>(fields.Count);
        foreach (var field in fields)
        {
            var leafFields = Leaves(field).ToArray();
            var leaves = new LeafSelection[leafFields.Length];
            for (var j = 0; j < leafFields.Length; j++)
            {
                var key = leafFields[j].Path.ToString();
                if (!columns.TryGetValue(key, out var leaf))
                {
                    // Flat columns straight from the file when possible: only the chosen rows' values are decoded.
                    leaf = raw.TrySelect(rowGroup, leafFields[j], rowCount, rows)
                        ?? await LeafSelection.ReadAsync(await group(cancellationToken).ConfigureAwait(false), leafFields[j], rowCount, rows,
                            cancellationToken).ConfigureAwait(false);
                    columns[key] = leaf;
                }
                leaves[j] = leaf;
            }
            result.Add(new FieldValues(field, Assemble(field, leaves, rows.Count)));
        }
        return new MaterializedRows(rows, result);
    }

    /// <summary>Leaf columns under a field, in schema order (the order the assembly walks them).</summary>
    internal static IEnumerable<DataField> Leaves(AlertField field) => field.Kind switch
    {
        AlertFieldKind.Leaf => [(DataField)field.ParquetField],
        AlertFieldKind.List when field.Children.Count == 0 => [(DataField)((ListField)field.ParquetField).Item],
        _ => field.Children.SelectMany(Leaves),
    };

    private static object?[] Assemble(AlertField target, LeafSelection[] leaves, int count)
    {
        var chain = new List<AlertField>();
        for (var f = target; f is not null; f = f.Parent) chain.Insert(0, f);
        var values = new object?[count];
        var starts = new int[leaves.Length];
        var ends = new int[leaves.Length];
        for (var r = 0; r < count; r++)
        {
            for (var j = 0; j < leaves.Length; j++)
            {
                starts[j] = leaves[j].RowStart[r];
                ends[j] = leaves[j].RowStart[r + 1];
            }
            values[r] = new Assembly(chain, leaves).Value(0, 0, starts, ends);
        }
        return values;
    }

    /// <summary>
    /// Walks the field chain from the top-level column down to the target (only its branch), then the whole target.
    /// Each leaf has its own entry range because lists give leaves several entries per row.
    /// </summary>
    private readonly struct Assembly(List<AlertField> chain, LeafSelection[] leaves)
    {
        /// <param name="depth">Index in the chain; at or past its end, the node is the target or inside it.</param>
        /// <param name="firstLeaf">Index of the node's first leaf in <c>leaves</c>.</param>
        public object? Value(int depth, int firstLeaf, int[] starts, int[] ends) =>
            Node(chain[Math.Min(depth, chain.Count - 1)], depth, firstLeaf, starts, ends);

        private object? Node(AlertField node, int depth, int firstLeaf, int[] starts, int[] ends)
        {
            var def = leaves[firstLeaf].Definitions[starts[firstLeaf]];
            var pf = node.ParquetField;
            switch (node.Kind)
            {
                case AlertFieldKind.Leaf:
                    return leaves[firstLeaf].Values[starts[firstLeaf]];
                case AlertFieldKind.Struct:
                    if (def < pf.MaxDefinitionLevel) return null;
                    return depth < chain.Count - 1 ? Node(chain[depth + 1], depth + 1, firstLeaf, starts, ends)
                        : Record(node, depth, firstLeaf, starts, ends);
                case AlertFieldKind.Map:
                    return Map(node, depth, firstLeaf, starts, ends, def);
                default:
                    return List(node, depth, firstLeaf, starts, ends, def);
            }
        }

        private AlertRecord Record(AlertField node, int depth, int firstLeaf, int[] starts, int[] ends)
        {
            var values = new object?[node.Children.Count];
            var leaf = firstLeaf;
            for (var i = 0; i < values.Length; i++)
            {
                var child = node.Children[i];
                values[i] = Node(child, depth + 1, leaf, starts, ends);
                leaf += LeafCount(child);
            }
            return new AlertRecord(node, values);
        }

        private List<object?>? List(AlertField node, int depth, int firstLeaf, int[] starts, int[] ends, int def)
        {
            var list = (ListField)node.ParquetField;
            if (def < list.MaxDefinitionLevel - 1) return null;    // the list itself is null
            var items = new List<object?>();
            if (def < list.MaxDefinitionLevel) return items;       // present but empty
            var leafCount = depth < chain.Count - 1 ? leaves.Length - firstLeaf : LeafCount(node);
            var entries = new Entries(firstLeaf, leafCount, list.MaxRepetitionLevel, starts, ends);
            while (entries.MoveNext(leaves)) items.Add(Element(node, list, depth, firstLeaf, entries.Starts, entries.Ends));
            return items;
        }

        // A map is always read whole (its members are no field paths): key then value per entry, in file order.
        private List<KeyValuePair<string, object?>>? Map(AlertField node, int depth, int firstLeaf, int[] starts, int[] ends, int def)
        {
            // Parquet.Net gives a map no levels of its own: its required key is defined exactly when an entry is.
            var key = (DataField)((MapField)node.ParquetField).Key;
            if (def < key.MaxDefinitionLevel - 1) return null;     // the map itself is null
            var map = new List<KeyValuePair<string, object?>>();
            if (def < key.MaxDefinitionLevel) return map;          // present but empty
            var entries = new Entries(firstLeaf, LeafCount(node), key.MaxRepetitionLevel, starts, ends);
            while (entries.MoveNext(leaves))
            {
                var name = (string)leaves[firstLeaf].Values[entries.Starts[firstLeaf]]!;
                map.Add(new(name, Node(node.Children[1], depth + 1, firstLeaf + 1, entries.Starts, entries.Ends)));
            }
            return map;
        }

        private object? Element(AlertField node, ListField list, int depth, int firstLeaf, int[] starts, int[] ends)
        {
            if (node.Children.Count == 0) return leaves[firstLeaf].Values[starts[firstLeaf]];   // list of plain values
            if (leaves[firstLeaf].Definitions[starts[firstLeaf]] < list.Item.MaxDefinitionLevel) return null;
            return depth < chain.Count - 1 ? Node(chain[depth + 1], depth + 1, firstLeaf, starts, ends)
                : Record(node, depth, firstLeaf, starts, ends);
        }

        /// <summary>
        /// Steps through the entries of a list or map within one row's (or enclosing entry's) level ranges: an entry
        /// of each leaf runs from its first level up to the next one that repeats at <c>repetition</c> or above.
        /// </summary>
        private sealed class Entries(int firstLeaf, int leafCount, int repetition, int[] starts, int[] ends)
        {
            private readonly int[] _cursor = (int[])starts.Clone();

            /// <summary>The current entry's ranges (the enclosing ones for leaves outside this list or map).</summary>
            public int[] Starts { get; } = (int[])starts.Clone();

            public int[] Ends { get; } = (int[])ends.Clone();

            public bool MoveNext(LeafSelection[] leaves)
            {
                if (_cursor[firstLeaf] >= ends[firstLeaf]) return false;
                for (var j = firstLeaf; j < firstLeaf + leafCount; j++)
                {
                    var e = _cursor[j] + 1;
                    while (e < ends[j] && leaves[j].Repetitions[e] > repetition) e++;
                    Starts[j] = _cursor[j];
                    Ends[j] = e;
                    _cursor[j] = e;
                }
                return true;
            }
        }

        private static int LeafCount(AlertField field) => field.Kind switch
        {
            AlertFieldKind.Leaf => 1,
            AlertFieldKind.List when field.Children.Count == 0 => 1,
            _ => field.Children.Sum(LeafCount),
        };
    }
}
