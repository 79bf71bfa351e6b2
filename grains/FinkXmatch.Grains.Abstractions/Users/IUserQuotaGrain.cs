using Orleans.Concurrency;

namespace FinkXmatch.Grains.Users;

/// <summary>
/// One user's upload quotas (sign-in on), keyed by the user's name: catalogs uploaded this UTC day
/// (<see cref="Settings.LimitOptions.MaxUploadsPerUserPerDay"/>) and bytes of catalogs and job results stored until
/// they expire (<see cref="Settings.LimitOptions.MaxStoredBytesPerUser"/>).
/// </summary>
[Alias("FinkXmatch.IUserQuotaGrain")]
public interface IUserQuotaGrain : IGrainWithStringKey
{
    /// <summary>Counts one more upload today, unless the user is at a quota already: then the refusal.</summary>
    [Alias("ReserveUpload")]
    Task<QuotaRefusal?> ReserveUploadAsync();

    /// <summary>Records a stored catalog's bytes; the refusal (nothing recorded) when they would go over the quota.</summary>
    [Alias("Store")]
    Task<QuotaRefusal?> StoreAsync(string catalogId, long bytes);

    /// <summary>
    /// Records the bytes of a completed job's results, due to expire at <paramref name="expiresAt"/>. Never refused:
    /// the results are written already; the user's next upload or submission is. Idempotent.
    /// </summary>
    [Alias("RecordResults")]
    Task RecordResultsAsync(string jobId, long bytes, DateTimeOffset expiresAt);

    /// <summary>The refusal when the user holds their stored-bytes quota already (a submission would add results), else null.</summary>
    [Alias("CheckStoredBytes"), ReadOnly]
    Task<QuotaRefusal?> CheckStoredBytesAsync();

    /// <summary>The bytes of stored catalogs and job results the user holds.</summary>
    [Alias("GetStoredBytes"), ReadOnly]
    Task<long> GetStoredBytesAsync();

    /// <summary>The catalog, or the job's results, no longer count (expired). Idempotent.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string catalogOrJobId);
}

/// <summary>Which quota (a <see cref="Settings.LimitOptions"/> member) refused, its value, what is used, and when it frees up.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaRefusal(
    [property: Id(0)] string Limit,
    [property: Id(1)] long LimitValue,
    [property: Id(2)] long Used,
    [property: Id(3)] TimeSpan RetryAfter);
