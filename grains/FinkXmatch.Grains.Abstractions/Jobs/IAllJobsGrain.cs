using Orleans.Concurrency;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// Every user's jobs, newest first, with their owners: the index behind the operators' <c>GET /api/v1/operator/jobs</c>.
/// A grain of its own (not a <see cref="IUserJobsGrain"/> under a reserved key) because a provider's user claim may
/// be any string, so no user name can be set aside for it.
/// </summary>
[Alias("FinkXmatch.IAllJobsGrain")]
public interface IAllJobsGrain : IGrainWithIntegerKey
{
    /// <summary>The one index of the cluster.</summary>
    public const long ClusterKey = 0;

    /// <summary>At most this many jobs are listed; older ones drop out of the list (not out of the cluster).</summary>
    public const int MaxListed = 10_000;

    /// <summary>Lists the job of <paramref name="owner"/>. Idempotent.</summary>
    [Alias("Add")]
    Task AddAsync(string jobId, string owner, DateTimeOffset submittedAt);

    /// <summary>Jobs newest first from <paramref name="offset"/>, at most <paramref name="limit"/>, with how many there are.</summary>
    [Alias("GetPage"), ReadOnly]
    Task<OwnedJobIdPage> GetPageAsync(int offset, int limit);
}

/// <summary>One page of the cluster's job ids with their owners, and the total listed.</summary>
[GenerateSerializer, Immutable]
public sealed record OwnedJobIdPage(
    [property: Id(0)] int Total,
    [property: Id(1)] OwnedJobId[] Jobs);

/// <summary>A job id and who submitted it.</summary>
[GenerateSerializer, Immutable]
public sealed record OwnedJobId(
    [property: Id(0)] string JobId,
    [property: Id(1)] string Owner);
