using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// Hands out the cluster's shard-scan slots (<see cref="JobOptions.EffectiveMaxConcurrentShardScans"/>) so that
/// concurrent jobs share them: a job gets at most the limit divided by the jobs currently wanting slots, and only
/// free slots. Its books are in memory and rebuilt from what the jobs report on each call; a job that has not
/// asked for <see cref="Forget"/> is assumed gone and its slots are freed.
/// </summary>
public sealed class ShardSlotGrain(IOptions<JobOptions> jobs, TimeProvider time) : Grain, IShardSlotGrain
{
    private static readonly TimeSpan Forget = TimeSpan.FromSeconds(60);
    private readonly Dictionary<string, Holder> _jobs = new(StringComparer.Ordinal);

    public Task<int> AcquireAsync(string jobId, int held, int wanted)
    {
        var now = time.GetUtcNow();
        foreach (var gone in _jobs.Where(j => now - j.Value.LastSeen > Forget).Select(j => j.Key).ToArray()) _jobs.Remove(gone);

        var job = new Holder(Math.Max(0, held), Math.Max(0, wanted), now);
        _jobs[jobId] = job;
        if (job.Wanted == 0) return Task.FromResult(0);

        var limit = jobs.Value.EffectiveMaxConcurrentShardScans;
        var free = limit - _jobs.Values.Sum(j => j.Held);
        var contenders = _jobs.Values.Count(j => j.Wanted > 0);
        var fairShare = (limit + contenders - 1) / contenders;
        var grant = Math.Max(0, Math.Min(Math.Min(job.Wanted, free), fairShare - job.Held));
        _jobs[jobId] = job with { Held = job.Held + grant, Wanted = job.Wanted - grant };
        return Task.FromResult(grant);
    }

    public Task ReleaseAsync(string jobId)
    {
        _jobs.Remove(jobId);
        return Task.CompletedTask;
    }

    private sealed record Holder(int Held, int Wanted, DateTimeOffset LastSeen);
}
