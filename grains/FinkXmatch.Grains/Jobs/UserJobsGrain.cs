using Orleans.Runtime;

namespace FinkXmatch.Grains.Jobs;

/// <summary>Keeps one user's job ids in submission order (persisted: a durable cluster keeps the list across restarts).</summary>
public sealed class UserJobsGrain(
    [PersistentState("userJobs", GrainStorage.Name)] IPersistentState<UserJobsState> state) : Grain, IUserJobsGrain
{
    private List<ListedJob> Jobs => state.State.Jobs;

    public async Task AddAsync(string jobId, DateTimeOffset submittedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        if (Jobs.Exists(j => j.JobId == jobId)) return;
        Jobs.Add(new ListedJob { JobId = jobId, SubmittedAt = submittedAt });
        if (Jobs.Count > IUserJobsGrain.MaxListed) Jobs.RemoveRange(0, Jobs.Count - IUserJobsGrain.MaxListed);
        await state.WriteStateAsync();
    }

    public Task<JobIdPage> GetPageAsync(int offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var page = Enumerable.Range(0, Jobs.Count).Select(i => Jobs[Jobs.Count - 1 - i].JobId).Skip(offset).Take(limit).ToArray();
        return Task.FromResult(new JobIdPage(Jobs.Count, page));
    }
}
