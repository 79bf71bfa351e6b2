using System.Collections.Concurrent;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// Catalogs loaded for matching and their HEALPix indexes, kept per process (one per silo) so that the shards of a
/// job, and jobs on the same catalog, load the file and build the index once. Keyed by file + column choice
/// (+ radius for the index); building runs on the thread pool and concurrent callers share it. A failed load is not
/// kept, so a retry reads the file again. Holds at most <c>capacity</c> catalogs and indexes each, oldest out first.
/// </summary>
public sealed class CatalogIndexCache(int capacity = 8)
{
    private readonly ConcurrentDictionary<CatalogKey, Entry<SourceCatalog>> _catalogs = new();
    private readonly ConcurrentDictionary<(CatalogKey, double), Entry<HealpixIndex>> _indexes = new();
    private long _clock;

    /// <summary>The catalog file read with <paramref name="selection"/>.</summary>
    /// <exception cref="CatalogException">A bad column choice or value (file, row and column named).</exception>
    public Task<SourceCatalog> GetCatalogAsync(string path, CatalogSelection selection) =>
        GetOrAdd(_catalogs, new CatalogKey(Path.GetFullPath(path), selection), key => Task.Run(() =>
        {
            using var reader = CatalogReaders.Open(key.Path);
            return CatalogLoader.Load(reader, key.Selection);
        }));

    /// <summary>The index of the catalog for matches within <paramref name="radiusArcsec"/>.</summary>
    public Task<HealpixIndex> GetIndexAsync(string path, CatalogSelection selection, double radiusArcsec) =>
        GetOrAdd(_indexes, (new CatalogKey(Path.GetFullPath(path), selection), radiusArcsec), async key =>
        {
            var catalog = await GetCatalogAsync(key.Item1.Path, key.Item1.Selection).ConfigureAwait(false);
            return await Task.Run(() => HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, key.Item2)).ConfigureAwait(false);
        });

    private Task<T> GetOrAdd<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> cache, TKey key, Func<TKey, Task<T>> build)
        where TKey : notnull
    {
        var entry = cache.GetOrAdd(key, k => new Entry<T>(new Lazy<Task<T>>(() => build(k))));
        entry.LastUsed = Interlocked.Increment(ref _clock);
        var task = entry.Value.Value;
        // A failure is reported to its callers but not remembered.
        _ = task.ContinueWith(_ => cache.TryRemove(new KeyValuePair<TKey, Entry<T>>(key, entry)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        while (cache.Count > capacity)
        {
            var oldest = cache.MinBy(e => e.Value.LastUsed);
            if (EqualityComparer<TKey>.Default.Equals(oldest.Key, key) || !cache.TryRemove(oldest)) break;
        }
        return task;
    }

    private readonly record struct CatalogKey(string Path, CatalogSelection Selection);

    private sealed class Entry<T>(Lazy<Task<T>> value)
    {
        public Lazy<Task<T>> Value { get; } = value;
        public long LastUsed { get; set; }
    }
}
