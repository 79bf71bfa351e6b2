using Parquet.Schema;

namespace FinkXmatch.Core.Datalake;

/// <summary>One schema of a datalake's files and the nights (YYYY-MM-DD) with a file written under it.</summary>
public sealed record AlertSchemaGeneration(AlertSchema Schema, IReadOnlyList<string> Nights);

/// <summary>
/// The union of the schemas a job's nights were written under, as Spark's <c>mergeSchema</c> gives it: every column of
/// any night, and inside structs and lists every member of any night, in order of first appearance (oldest night
/// first); a field some nights lack is nullable and reads as null there. A field two nights give different types is
/// refused, naming the field, the nights and the types, since no row could then hold both.
/// </summary>
public static class AlertSchemaMerge
{
    /// <exception cref="DatalakeException">A field has different types (or shapes) in two generations.</exception>
    public static AlertSchema Merge(IReadOnlyList<AlertSchemaGeneration> generations)
    {
        ArgumentNullException.ThrowIfNull(generations);
        if (generations.Count == 0) throw new ArgumentException("no schema to merge", nameof(generations));
        if (generations.Count == 1) return generations[0].Schema;
        var top = new Members();
        for (var g = 0; g < generations.Count; g++)
            foreach (var field in generations[g].Schema.TopLevel) top.Add(field, g, generations);

        var missing = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var schema = new ParquetSchema(top.Nodes.Select(n => n.ToParquet(generations, missing)).ToArray());
        return AlertSchema.Merged(schema, missing);
    }

    /// <summary>The members of one level (top level, a struct, the records of a list), by name in first-seen order.</summary>
    private sealed class Members
    {
        private readonly Dictionary<string, Node> _byName = new(StringComparer.Ordinal);

        public List<Node> Nodes { get; } = [];

        public void Add(AlertField field, int generation, IReadOnlyList<AlertSchemaGeneration> generations)
        {
            if (!_byName.TryGetValue(field.Name, out var node))
            {
                node = new Node(field);
                _byName.Add(field.Name, node);
                Nodes.Add(node);
            }
            else if (node.First.TypeName != field.TypeName)
            {
                throw new DatalakeException(
                    $"alert field '{field.Path}' is {node.First.TypeName} in {NightsText(Nights(node.Generations, generations))} " +
                    $"but {field.TypeName} in {NightsText(generations[generation].Nights)}: " +
                    "a job cannot span both, choose nights on one side (years, or startNight/stopNight)");
            }
            node.Generations.Add(generation);
            foreach (var child in field.Children) node.Children.Add(child, generation, generations);
        }

        private static string NightsText(IReadOnlyList<string> nights) => (nights.Count == 1 ? "night " : "nights ") + string.Join(", ", nights);
    }

    private static string[] Nights(IEnumerable<int> generationIndices, IReadOnlyList<AlertSchemaGeneration> generations) =>
        generationIndices.SelectMany(g => generations[g].Nights).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>One field of the union: the first generation's field gives its type; the generations that have it.</summary>
    private sealed class Node(AlertField first)
    {
        public AlertField First { get; } = first;

        public List<int> Generations { get; } = [];

        public Members Children { get; } = new();

        public Field ToParquet(IReadOnlyList<AlertSchemaGeneration> generations, Dictionary<string, IReadOnlyList<string>> missing)
        {
            // A night of several files may have it in one and not in another: it counts as missing from that night.
            var without = Enumerable.Range(0, generations.Count).Except(Generations).ToArray();
            if (without.Length > 0) missing[First.Path] = Nights(without, generations);
            var children = Children.Nodes.Select(c => c.ToParquet(generations, missing)).ToArray();
            return First.Kind switch
            {
                AlertFieldKind.Struct => new StructField(First.Name, children),
                // A map is one field (its entries are not field paths): the same map type in every night that has it.
                AlertFieldKind.Map => First.ParquetField,
                AlertFieldKind.List when children.Length > 0 => new ListField(First.Name, new StructField("element", children)),
                AlertFieldKind.List => new ListField(First.Name, new DataField("element", ((DataField)((ListField)First.ParquetField).Item).ClrType, true)),
                _ => new DataField(First.Name, ((DataField)First.ParquetField).ClrType, true),
            };
        }
    }
}
