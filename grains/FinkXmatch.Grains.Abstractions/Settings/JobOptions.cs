namespace FinkXmatch.Grains.Settings;

/// <summary>How jobs share the silos' cores (<c>FinkXmatch:CoresPerJob</c>, <c>FinkXmatch:MaxConcurrentShardScans</c>, ...).</summary>
public sealed class JobOptions
{
    /// <summary>How many night shards one job scans at once.</summary>
    public int CoresPerJob { get; set; } = 32;

    /// <summary>How many night shards the whole cluster scans at once, shared fairly between jobs; 0 means twice the silo's cores.</summary>
    public int MaxConcurrentShardScans { get; set; }

    /// <summary>
    /// How often an unfinished job asks for shard slots it still lacks and saves a state the storage refused, in
    /// milliseconds; every tenth tick it also asks its running nights where they are (to notice one lost with its
    /// silo). Nights tell their job when they end, so a job does not wait for a tick to finish.
    /// </summary>
    public int JobTickMilliseconds { get; set; } = 500;

    /// <summary>The cluster limit in use: <see cref="MaxConcurrentShardScans"/>, or twice the cores.</summary>
    public int EffectiveMaxConcurrentShardScans => MaxConcurrentShardScans > 0 ? MaxConcurrentShardScans : 2 * Environment.ProcessorCount;
}
