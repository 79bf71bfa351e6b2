namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// The cluster's record of shard scans actually running: every scan reports its start (before it reads anything)
/// and its end (after its last write), so the counts here are never below the true concurrency. It keeps the peak
/// per job and for the cluster, which is how the per-job quota (<c>CoresPerJob</c>) and the cluster limit
/// (<c>MaxConcurrentShardScans</c>) are checked. In memory: it starts from zero with its activation.
/// </summary>
[Alias("FinkXmatch.IScanActivityGrain")]
public interface IScanActivityGrain : IGrainWithIntegerKey
{
    /// <summary>The one activity grain of the cluster.</summary>
    public const long ClusterKey = 0;

    [Alias("Started")]
    Task ScanStartedAsync(string jobId);

    [Alias("Ended")]
    Task ScanEndedAsync(string jobId);

    /// <summary>Scans running now and the peaks, for the cluster and each job not yet finished.</summary>
    [Alias("Get")]
    Task<ScanActivity> GetAsync();

    /// <summary>The most scans <paramref name="jobId"/> ever had running at once (0 if none); forgets the job when none is running.</summary>
    [Alias("TakeJobPeak")]
    Task<int> TakeJobPeakAsync(string jobId);
}

/// <summary>Scans running now and at most at once since the activity grain started, cluster-wide and per job.</summary>
[GenerateSerializer, Immutable]
public sealed record ScanActivity(
    [property: Id(0)] int Running,
    [property: Id(1)] int PeakRunning,
    [property: Id(2)] JobScanActivity[] Jobs);

/// <summary>One job's scans running now and at most at once.</summary>
[GenerateSerializer, Immutable]
public sealed record JobScanActivity(
    [property: Id(0)] string JobId,
    [property: Id(1)] int Running,
    [property: Id(2)] int PeakRunning);
