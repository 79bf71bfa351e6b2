using FinkXmatch.Api.Auth;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Grains.Jobs;

namespace FinkXmatch.Api.Xmatch;

/// <summary>
/// A job as one caller may see it: their own (<see cref="XmatchJobRequest.Owner"/>), or any for an operator. Someone
/// else's job is answered as if it did not exist (404, never 403).
/// </summary>
public static class JobAccess
{
    /// <summary>The job's grain, or null when the id is not a job's, no job has it, or the job is not the caller's.</summary>
    public static async Task<IXmatchJobGrain?> FindAsync(IGrainFactory grains, string jobId, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(caller);
        // Ids that cannot be jobs never activate a grain.
        if (!JobTopic.TryParse(jobId, out _)) return null;
        var job = grains.GetGrain<IXmatchJobGrain>(jobId);
        return await job.GetRequestAsync() is { } request && caller.Sees(request.Owner) ? job : null;
    }
}
