using System.Runtime;
using FinkXmatch.Core.Os;

namespace FinkXmatch.Core.Tests.Os;

/// <summary>
/// A job's start without collections: a second start in the same process (jobs side by side in a test process) changes
/// nothing and throws nothing, and a job that allocates more than the region holds leaves it and collects as usual.
/// </summary>
public sealed class JobHeapTests
{
    [Fact]
    public void The_region_ends_when_a_job_allocates_more_than_it_holds()
    {
        JobHeap.StartWithoutCollections();
        Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        JobHeap.StartWithoutCollections();
        var collections = GC.CollectionCount(0);

        var kept = new List<byte[]>();
        for (var allocated = 0L; allocated < 2 * JobHeap.NoCollectionBytes; allocated += 1 << 20) kept.Add(new byte[1 << 20]);

        Assert.Equal(2 * JobHeap.NoCollectionBytes >> 20, kept.Count);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        Assert.True(GC.CollectionCount(0) > collections, "no collection after the region's bytes were allocated");
    }
}
