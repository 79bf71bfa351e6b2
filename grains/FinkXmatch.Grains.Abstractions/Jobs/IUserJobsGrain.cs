using Orleans.Concurrency;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// The jobs one user submitted, newest first, keyed by the user's name: the index behind <c>GET /api/v1/xmatch</c>.
/// Each job records its owner itself (<see cref="XmatchJobRequest.Owner"/>); this only lists them.
/// </summary>
[Alias("FinkXmatch.IUserJobsGrain")]
public interface IUserJobsGrain : IGrainWithStringKey
{
    /// <summary>At most this many jobs are listed per user; older ones drop out of the list (not out of the cluster).</summary>
    public const int MaxListed = 10_000;

    /// <summary>Lists the job. Idempotent.</summary>
    [Alias("Add")]
    Task AddAsync(string jobId, DateTimeOffset submittedAt);

    /// <summary>Job ids newest first from <paramref name="offset"/>, at most <paramref name="limit"/>, with how many there are.</summary>
    [Alias("GetPage"), ReadOnly]
    Task<JobIdPage> GetPageAsync(int offset, int limit);
}

/// <summary>One page of a user's job ids and the total listed.</summary>
[GenerateSerializer, Immutable]
public sealed record JobIdPage(
    [property: Id(0)] int Total,
    [property: Id(1)] string[] JobIds);
