using System.Collections.Concurrent;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Datalake;

/// <summary>
/// The alert schema of a job: the merge (<see cref="AlertSchemaMerge"/>) of the schemas of every file of its nights.
/// Each file's schema is told apart by its footer's schema bytes alone (a small read at the end of the file), and only
/// one file of each distinct schema is opened to read it: a datalake of thousands of files written under a few
/// schemas costs a few schema reads.
/// </summary>
public static class JobAlertSchema
{
    /// <exception cref="DatalakeException">A file is missing or not Parquet, or two nights give one field different types.</exception>
    public static async Task<AlertSchema> ReadAsync(IReadOnlyList<DatalakeShard> shards, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var byBytes = new Dictionary<byte[], (string File, SortedSet<string> Nights)>(SchemaBytesComparer.Instance);
        var order = new List<byte[]>();
        foreach (var shard in shards)
            foreach (var file in shard.Files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var bytes = AlertSchema.ReadSchemaBytes(file);
                if (!byBytes.TryGetValue(bytes, out var generation))
                {
                    byBytes[bytes] = generation = (file, new SortedSet<string>(StringComparer.Ordinal));
                    order.Add(bytes);
                }
                generation.Nights.Add(shard.Name);
            }
        if (order.Count == 0) throw new DatalakeException("the selected nights hold no Parquet file");
        var generations = new List<AlertSchemaGeneration>(order.Count);
        foreach (var bytes in order)
        {
            var (file, nights) = byBytes[bytes];
            generations.Add(new AlertSchemaGeneration(await SchemaOfAsync(bytes, file, cancellationToken).ConfigureAwait(false), nights.ToArray()));
        }
        return AlertSchemaMerge.Merge(generations);
    }

    // A file's schema is what its schema bytes say, so the schemas read are kept by those bytes: a cone search or a job
    // then reads a few footer bytes per file, and a schema not seen before is built from its bytes alone.
    // A datalake holds a handful of schemas; the cache is emptied if ever it holds more than a few dozen.
    private const int MaxCachedSchemas = 64;
    private static readonly ConcurrentDictionary<byte[], AlertSchema> Known = new(SchemaBytesComparer.Instance);

    private static async Task<AlertSchema> SchemaOfAsync(byte[] bytes, string file, CancellationToken cancellationToken)
    {
        if (Known.TryGetValue(bytes, out var known)) return known;
        var schema = await AlertSchema.FromSchemaBytesAsync(bytes, file, cancellationToken).ConfigureAwait(false);
        if (Known.Count >= MaxCachedSchemas) Known.Clear();
        Known[bytes] = schema;
        return schema;
    }

    private sealed class SchemaBytesComparer : IEqualityComparer<byte[]>
    {
        public static readonly SchemaBytesComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}
