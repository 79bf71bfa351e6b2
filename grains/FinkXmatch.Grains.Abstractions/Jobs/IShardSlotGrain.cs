namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// The cluster-wide limit on concurrent shard scans (<c>MaxConcurrentShardScans</c>), shared fairly between the
/// running jobs: each job asks for slots on every tick, saying how many it holds, and gets at most its fair share
/// (the limit divided by the jobs wanting slots) while others wait. Jobs report their holdings each time, so the
/// grain rebuilds its books after a restart and reclaims the slots of a job that stopped asking.
/// </summary>
[Alias("FinkXmatch.IShardSlotGrain")]
public interface IShardSlotGrain : IGrainWithIntegerKey
{
    /// <summary>The one slot grain of the cluster.</summary>
    public const long ClusterKey = 0;

    /// <summary>Records that <paramref name="jobId"/> holds <paramref name="held"/> slots and wants <paramref name="wanted"/> more; returns how many it gets now.</summary>
    [Alias("Acquire")]
    Task<int> AcquireAsync(string jobId, int held, int wanted);

    /// <summary>The job holds and wants nothing any more.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string jobId);
}
