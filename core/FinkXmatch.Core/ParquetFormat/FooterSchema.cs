using System.Collections.Concurrent;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// A footer's schema as its leaves, with a lookup by path and which leaves a reader keeps the chunks of. The files of
/// a datalake share a handful of schemas (one per writer and schema version), and building the leaves of LSST's 450
/// columns (their names, paths and lookup), even walking over them, cost more than finding the chunks a scan needs:
/// so each distinct schema's bytes are parsed once per process and its leaves shared by every footer that starts with
/// them (<see cref="Known"/>: a schema list is self-delimiting, so a footer whose bytes at the schema's place equal a
/// known schema's whole serialization holds that schema). Immutable but for its lookups of kept leaves, which are
/// safe for concurrent use.
/// </summary>
internal sealed class FooterSchema
{
    private const int MaxKept = 64;   // distinct schemas kept: a few per datalake; past that, the list starts again
    private const int MaxKeepSets = 8;
    private static readonly Lock Adding = new();
    private static FooterSchema[] _known = [];

    private readonly byte[] _bytes;
    private readonly Dictionary<string, int> _byPath;
    private readonly ConcurrentDictionary<IReadOnlySet<string>, (int[] Slots, int Kept)> _slots = new(ReferenceEqualityComparer.Instance);
    private readonly (int[] Slots, int Kept) _all;

    private FooterSchema(byte[] bytes, FooterLeaf[] leaves)
    {
        _bytes = bytes;
        Leaves = leaves;
        _byPath = new Dictionary<string, int>(leaves.Length, StringComparer.Ordinal);
        for (var i = 0; i < leaves.Length; i++) _byPath.TryAdd(leaves[i].Path, i);
        _all = ([.. Enumerable.Range(0, leaves.Length)], leaves.Length);
    }

    public FooterLeaf[] Leaves { get; }

    /// <summary>The length of the schema's serialization (its list header and elements).</summary>
    public int Length => _bytes.Length;

    /// <summary>Index of the leaf with this path key, or -1.</summary>
    public int LeafIndex(string pathKey) => _byPath.TryGetValue(pathKey, out var i) ? i : -1;

    /// <summary>Per leaf, its place among the leaves of <paramref name="keep"/> (path keys; every leaf when null), or -1; and how many are kept.</summary>
    public (int[] Slots, int Kept) SlotsOf(IReadOnlySet<string>? keep)
    {
        if (keep is null) return _all;
        if (_slots.TryGetValue(keep, out var known)) return known;
        var slots = new int[Leaves.Length];
        var kept = 0;
        for (var i = 0; i < Leaves.Length; i++) slots[i] = keep.Contains(Leaves[i].Path) ? kept++ : -1;
        // Kept for the few sets readers pass again and again (the scan plan's), by reference: not for every new set.
        if (_slots.Count < MaxKeepSets) _slots.TryAdd(keep, (slots, kept));
        return (slots, kept);
    }

    /// <summary>A schema parsed before whose serialization <paramref name="footerFromSchema"/> starts with, or null.</summary>
    public static FooterSchema? Known(ReadOnlySpan<byte> footerFromSchema)
    {
        foreach (var schema in Volatile.Read(ref _known))
            if (footerFromSchema.StartsWith(schema._bytes)) return schema;
        return null;
    }

    /// <summary>The schema serialized as <paramref name="bytes"/> (a schema list, from its header), parsed by <paramref name="parse"/> and kept for <see cref="Known"/>.</summary>
    public static FooterSchema Add(ReadOnlySpan<byte> bytes, ThriftLeavesParser parse)
    {
        var reader = new ThriftCompactReader(bytes);
        var schema = new FooterSchema(bytes.ToArray(), parse(ref reader));
        lock (Adding)
        {
            var known = _known.Length >= MaxKept ? [] : _known;
            Volatile.Write(ref _known, [schema, .. known]);
        }
        return schema;
    }
}

/// <summary>Reads a schema list into its leaves.</summary>
internal delegate FooterLeaf[] ThriftLeavesParser(ref ThriftCompactReader reader);
