using Orleans.Runtime;

namespace FinkXmatch.Grains.Jobs;

/// <summary>Keeps every job id with its owner in submission order (persisted, as <see cref="UserJobsGrain"/>).</summary>
public sealed class AllJobsGrain(
    [PersistentState("allJobs", GrainStorage.Name)] IPersistentState<AllJobsState> state) : Grain, IAllJobsGrain
{
    private List<ListedJob> Jobs => state.State.Jobs;

    public async Task AddAsync(string jobId, string owner, DateTimeOffset submittedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        if (Jobs.Exists(j => j.JobId == jobId)) return;
        Jobs.Add(new ListedJob { JobId = jobId, SubmittedAt = submittedAt, Owner = owner });
        if (Jobs.Count > IAllJobsGrain.MaxListed) Jobs.RemoveRange(0, Jobs.Count - IAllJobsGrain.MaxListed);
        await state.WriteStateAsync();
    }

    public Task<OwnedJobIdPage> GetPageAsync(int offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var page = Enumerable.Range(0, Jobs.Count).Select(i => Jobs[Jobs.Count - 1 - i]).Skip(offset).Take(limit)
            .Select(j => new OwnedJobId(j.JobId, j.Owner ?? "")).ToArray();
        return Task.FromResult(new OwnedJobIdPage(Jobs.Count, page));
    }
}
