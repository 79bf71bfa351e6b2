namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// One job's calls to the grains that run its nights: the night shards (start, ask, stop), the cluster's scan slots
/// (<see cref="IShardSlotGrain"/>) and its scan-activity record (<see cref="IScanActivityGrain"/>). A call that fails
/// is logged and answered as "nothing happened", so that the job tries again on a later tick; none waits on a scan.
/// </summary>
internal sealed class NightFanOut(IGrainFactory grains, string jobId, Microsoft.Extensions.Logging.ILogger logger)
{
    private IShardSlotGrain Slots => grains.GetGrain<IShardSlotGrain>(IShardSlotGrain.ClusterKey);

    /// <summary>How many more slots the job gets now (it holds <paramref name="held"/>); 0 when the slot grain did not answer.</summary>
    public async Task<int> AcquireSlotsAsync(int held, int wanted)
    {
        try
        {
            return await Slots.AcquireAsync(jobId, held, wanted);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            JobGrainLogging.CallFailed(logger, e, jobId, "slots");
            return 0;
        }
    }

    /// <summary>The job holds no slot any more; if the call fails, the slot grain forgets a job that stops asking.</summary>
    public async Task ReleaseSlotsAsync()
    {
        try
        {
            await Slots.ReleaseAsync(jobId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            JobGrainLogging.CallFailed(logger, e, jobId, "slots");
        }
    }

    /// <summary>Starts each night's scan: its progress, or null for a night whose shard could not be called.</summary>
    public Task<(string Night, ShardProgress? Started)[]> StartAsync(string[] nights, XmatchJobRequest request) =>
        Task.WhenAll(nights.Select(night => TryAsync(night, shard => shard.StartAsync(new NightShardWork(jobId, night, request)))));

    /// <summary>Where each night's scan is, or null for a night whose shard could not be called.</summary>
    public Task<(string Night, ShardProgress? Progress)[]> AskAsync(string[] nights) =>
        Task.WhenAll(nights.Select(night => TryAsync(night, shard => shard.GetProgressAsync())));

    /// <summary>Stops the nights' scans (each shard waits a few seconds for its scan to stop).</summary>
    public Task StopAsync(string[] nights) => Task.WhenAll(nights.Select(night => TryAsync(night, shard => shard.CancelAsync())));

    /// <summary>The most scans the job had running at once, or null when the activity record did not answer.</summary>
    public async Task<int?> TakePeakAsync()
    {
        try
        {
            return await grains.GetGrain<IScanActivityGrain>(IScanActivityGrain.ClusterKey).TakeJobPeakAsync(jobId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            JobGrainLogging.CallFailed(logger, e, jobId, "its scan peak");
            return null;
        }
    }

    private async Task<(string Night, ShardProgress? Progress)> TryAsync(string night, Func<INightShardGrain, Task<ShardProgress>> call)
    {
        try
        {
            return (night, await call(grains.GetGrain<INightShardGrain>(NightShardWork.Key(jobId, night))));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            JobGrainLogging.CallFailed(logger, e, jobId, night);
            return (night, null);
        }
    }
}
