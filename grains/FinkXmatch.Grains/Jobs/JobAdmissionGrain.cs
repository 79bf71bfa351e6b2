using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// Counts unfinished jobs per client and in total (persisted, so durable clusters keep the count across restarts) and
/// admits a job only within the limits. Jobs release themselves when they finish; when a limit is reached the grain
/// first asks each counted job for its status and forgets the finished ones (and those admitted a while ago that never
/// became a job), so that the count is right even after a lost release.
/// </summary>
public sealed partial class JobAdmissionGrain(
    [PersistentState("admission", GrainStorage.Name)] IPersistentState<JobAdmissionState> state,
    IOptions<LimitOptions> options,
    TimeProvider time,
    ILogger<JobAdmissionGrain> logger) : Grain, IJobAdmissionGrain
{
    /// <summary>How long an admitted job may take to reach its grain before a job grain that knows nothing of it means it never will.</summary>
    private static readonly TimeSpan SubmitGrace = TimeSpan.FromMinutes(1);

    private Dictionary<string, AdmittedJob> Jobs => state.State.Jobs;

    public async Task<JobAdmission> AdmitAsync(string jobId, string client)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentNullException.ThrowIfNull(client);
        if (Jobs.ContainsKey(jobId)) return JobAdmission.Yes;
        if (Refusal(client) is not null && await ForgetFinishedAsync()) await state.WriteStateAsync();
        if (Refusal(client) is { } refusal) return refusal;

        Jobs[jobId] = new AdmittedJob { Client = client, AdmittedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        return JobAdmission.Yes;
    }

    public async Task ReleaseAsync(string jobId)
    {
        if (Jobs.Remove(jobId)) await state.WriteStateAsync();
    }

    public Task<UnfinishedJob[]> GetUnfinishedAsync() =>
        Task.FromResult(Jobs.OrderBy(j => j.Value.AdmittedAt).Select(j => new UnfinishedJob(j.Key, j.Value.Client, j.Value.AdmittedAt)).ToArray());

    private JobAdmission? Refusal(string client)
    {
        var limits = options.Value;
        var ofClient = Jobs.Values.Count(j => j.Client == client);
        if (ofClient >= limits.MaxUnfinishedJobsPerClient)
            return new JobAdmission(false, nameof(LimitOptions.MaxUnfinishedJobsPerClient), limits.MaxUnfinishedJobsPerClient, ofClient);
        if (Jobs.Count >= limits.MaxUnfinishedJobs)
            return new JobAdmission(false, nameof(LimitOptions.MaxUnfinishedJobs), limits.MaxUnfinishedJobs, Jobs.Count);
        return null;
    }

    // Asks every counted job where it stands; answers whether any was forgotten. A job that cannot answer stays counted.
    private async Task<bool> ForgetFinishedAsync()
    {
        var now = time.GetUtcNow();
        var checks = await Task.WhenAll(Jobs.Select(async job =>
        {
            try
            {
                var status = await GrainFactory.GetGrain<IXmatchJobGrain>(job.Key).GetStatusAsync();
                var gone = status is null ? now - job.Value.AdmittedAt > SubmitGrace : status.Status.IsFinished();
                return (job.Key, gone);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogStatusFailed(logger, e, job.Key);
                return (job.Key, gone: false);
            }
        }));
        var forgotten = 0;
        foreach (var (jobId, gone) in checks)
        {
            if (gone && Jobs.Remove(jobId)) forgotten++;
        }
        return forgotten > 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job admission: could not ask job {JobId} for its status; it stays counted")]
    private static partial void LogStatusFailed(ILogger logger, Exception error, string jobId);
}
