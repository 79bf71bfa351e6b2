namespace FinkXmatch.Grains.Users;

/// <summary>
/// One user's upload quotas (sign-in on), keyed by the user's name: catalogs uploaded this UTC day
/// (<see cref="Settings.LimitOptions.MaxUploadsPerUserPerDay"/>) and bytes of catalogs stored until they expire
/// (<see cref="Settings.LimitOptions.MaxStoredBytesPerUser"/>).
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

    /// <summary>The catalog no longer counts (expired). Idempotent.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string catalogId);
}

/// <summary>Which quota (a <see cref="Settings.LimitOptions"/> member) refused, its value, what is used, and when it frees up.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaRefusal(
    [property: Id(0)] string Limit,
    [property: Id(1)] long LimitValue,
    [property: Id(2)] long Used,
    [property: Id(3)] TimeSpan RetryAfter);
