using System.Collections.Concurrent;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Occupancy;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// Catalogs loaded for matching and their HEALPix indexes, kept per process (one per silo) so that the shards of a
/// job, and jobs on the same catalog, load the file and build the index once. Keyed by file + column choice
/// (+ radius for the index); building runs on the thread pool and concurrent callers share it. A failed load is not
/// kept, so a retry reads the file again. Holds at most <c>capacity</c> catalogs and indexes each, oldest out first.
/// Catalogs are loaded within <c>limits</c> (the defaults when null), the same the service checked at upload.
/// A job may instead ask for the index of the sources its nights' alerts can reach (<see cref="CatalogPruning"/>),
/// kept under the nights' stamps too; where that does not pay, it gets the shared index of the whole catalog.
/// </summary>
public sealed class CatalogIndexCache(int capacity = 8, CatalogLimits? limits = null)
{
    private readonly ConcurrentDictionary<CatalogKey, Entry<SourceCatalog>> _catalogs = new();
    private readonly ConcurrentDictionary<(CatalogKey, double), Entry<HealpixIndex>> _indexes = new();
    private readonly ConcurrentDictionary<(CatalogKey, double, string Nights), Entry<CatalogIndex?>> _nightIndexes = new();
    private long _clock;
    private long _nightIndexesBuilt;

    /// <summary>
    /// Times the sources some nights' alerts can reach were sought (<see cref="GetIndexAsync(string, CatalogSelection, double, IReadOnlyList{DatalakeShard}, int, CancellationToken)"/>
    /// for a catalog big enough), whether or not pruning then paid, since this cache was made.
    /// </summary>
    public long NightIndexesBuilt => Interlocked.Read(ref _nightIndexesBuilt);

    /// <summary>The pruning rule's thresholds (<see cref="CatalogPruning"/>), other in tests only.</summary>
    internal int PruneMinSources { get; init; } = CatalogPruning.MinSources;

    internal int PruneAlertsPerSource { get; init; } = CatalogPruning.AlertsPerSource;

    /// <summary>The catalog file read with <paramref name="selection"/>.</summary>
    /// <exception cref="CatalogException">A bad column choice or value (file, row and column named).</exception>
    public Task<SourceCatalog> GetCatalogAsync(string path, CatalogSelection selection) =>
        GetOrAdd(_catalogs, new CatalogKey(Path.GetFullPath(path), selection), key => Task.Run(() =>
        {
            using var reader = CatalogReaders.Open(key.Path);
            return CatalogLoader.Load(reader, key.Selection, limits);
        }));

    /// <summary>The index of the catalog for matches within <paramref name="radiusArcsec"/>.</summary>
    public Task<HealpixIndex> GetIndexAsync(string path, CatalogSelection selection, double radiusArcsec) =>
        GetOrAdd(_indexes, (new CatalogKey(Path.GetFullPath(path), selection), radiusArcsec), async key =>
        {
            var catalog = await GetCatalogAsync(key.Item1.Path, key.Item1.Selection).ConfigureAwait(false);
            return await Task.Run(() => HealpixIndex.BuildWhole(catalog.RaDeg, catalog.DecDeg, key.Item2)).ConfigureAwait(false);
        });

    /// <summary>
    /// The index of the catalog for a job over <paramref name="nights"/>: of the sources their alerts can reach when
    /// that pays (<see cref="CatalogPruning"/>; their positions read <paramref name="parallelism"/> files at once),
    /// built once per catalog, radius and nights' files (a night whose files changed gets another); else the shared
    /// index of the whole catalog (<see cref="GetIndexAsync(string, CatalogSelection, double)"/>). Cancelling stops the
    /// wait, not a build others may share. A night whose file cannot be read is left out of a pruned index (<see cref="CatalogIndex.Unread"/>).
    /// </summary>
    public async Task<CatalogIndex> GetIndexAsync(string path, CatalogSelection selection, double radiusArcsec,
        IReadOnlyList<DatalakeShard> nights, int parallelism, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nights);
        var catalog = await GetCatalogAsync(path, selection).WaitAsync(cancellationToken).ConfigureAwait(false);
        // A small catalog asks nothing of the nights (not even their stamps).
        // An index that leaves out a night whose file could not be read is not kept either: the next job reads it again.
        var pruned = catalog.Count < PruneMinSources ? null : await GetOrAdd(_nightIndexes,
            (new CatalogKey(Path.GetFullPath(path), selection), radiusArcsec, NightStamp.KeyOf(nights)), _ =>
            {
                Interlocked.Increment(ref _nightIndexesBuilt);
                return Task.Run(() => CatalogPruning.BuildPrunedAsync(catalog, nights, radiusArcsec, parallelism, PruneMinSources,
                    PruneAlertsPerSource, CancellationToken.None));
            }, built => built is not { Unread.Count: > 0 }).WaitAsync(cancellationToken).ConfigureAwait(false);
        return pruned ?? new CatalogIndex(await GetIndexAsync(path, selection, radiusArcsec).WaitAsync(cancellationToken).ConfigureAwait(false),
            null, TimeSpan.Zero, TimeSpan.Zero);
    }

    // keep: whether a value built is remembered (by default every one).
    private Task<T> GetOrAdd<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> cache, TKey key, Func<TKey, Task<T>> build, Func<T, bool>? keep = null)
        where TKey : notnull
    {
        var entry = cache.GetOrAdd(key, k => new Entry<T>(new Lazy<Task<T>>(() => build(k))));
        entry.LastUsed = Interlocked.Increment(ref _clock);
        var task = entry.Value.Value;
        // A failure is reported to its callers but not remembered.
        _ = task.ContinueWith(t =>
            {
                if (!t.IsCompletedSuccessfully || keep?.Invoke(t.Result) == false) cache.TryRemove(new KeyValuePair<TKey, Entry<T>>(key, entry));
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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
