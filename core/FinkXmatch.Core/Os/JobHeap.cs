using System.Runtime;

namespace FinkXmatch.Core.Os;

/// <summary>
/// A job process's first <see cref="NoCollectionBytes"/> of allocations made without a garbage collection: a small job
/// (75,000 sources, one night) keeps nearly all it allocates to its end, and its large arrays (masks, column pages,
/// catalog columns) used up the runtime's first large-object budget twice, each time a collection of the whole heap
/// that stopped the job's threads (native CLI, ZTF one night at 1.5": 16.0 -> 14.2 ms wall, 19.6 -> 18.2 ms of CPU,
/// docs/performance.md). A job that allocates more gets its collections as before, from there on. The region starts
/// without a collection of its own when the heap can hold it as it is (<c>disallowFullBlockingGC</c>): the full
/// compacting collection the runtime otherwise makes first, of the start-up's objects, was ~0.4 ms of a 75 k-source
/// one-night job's CPU, on its critical path (docs/performance.md).
/// </summary>
public static class JobHeap
{
    /// <summary>Allocations without a collection at the start of a job (committed as it is used).</summary>
    public const long NoCollectionBytes = 48L << 20;

    /// <summary>Starts the region; nothing when one is in progress (a test process running jobs side by side) or the heap cannot hold it.</summary>
    public static void StartWithoutCollections()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return;
        try
        {
            // False when the heap cannot hold the region without a full collection: collections as usual then.
            GC.TryStartNoGCRegion(NoCollectionBytes, disallowFullBlockingGC: true);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            // Another job of this process started one meanwhile, or a heap limit leaves no room: collections as usual.
        }
    }
}
