using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FinkXmatch.Grains.Users;

/// <summary>
/// Counts one user's uploads per UTC day and stored catalog bytes (persisted, so a durable cluster keeps them). A
/// refusal says when the quota frees up: the next UTC midnight for uploads, the oldest catalog's expiry for bytes.
/// </summary>
public sealed class UserQuotaGrain(
    [PersistentState("quota", GrainStorage.Name)] IPersistentState<UserQuotaState> state,
    IOptions<LimitOptions> options,
    IOptions<RetentionOptions> retention,
    TimeProvider time) : Grain, IUserQuotaGrain
{
    private UserQuotaState Quota => state.State;

    public async Task<QuotaRefusal?> ReserveUploadAsync()
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (Quota.Day != today) (Quota.Day, Quota.UploadsThatDay) = (today, 0);
        var limits = options.Value;
        if (Quota.UploadsThatDay >= limits.MaxUploadsPerUserPerDay)
        {
            var midnight = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return new QuotaRefusal(nameof(LimitOptions.MaxUploadsPerUserPerDay), limits.MaxUploadsPerUserPerDay, Quota.UploadsThatDay, midnight - now);
        }
        if (StoredBytesRefusal(0, now) is { } full) return full;
        Quota.UploadsThatDay++;
        await state.WriteStateAsync();
        return null;
    }

    public async Task<QuotaRefusal?> StoreAsync(string catalogId, long bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(catalogId);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (Quota.Catalogs.ContainsKey(catalogId)) return null;
        var now = time.GetUtcNow();
        if (StoredBytesRefusal(bytes, now) is { } refusal) return refusal;
        Quota.Catalogs[catalogId] = new StoredBytes { Bytes = bytes, StoredAt = now };
        await state.WriteStateAsync();
        return null;
    }

    public async Task ReleaseAsync(string catalogId)
    {
        if (Quota.Catalogs.Remove(catalogId)) await state.WriteStateAsync();
    }

    // Over the stored-bytes quota with `adding` more: frees up when the oldest stored catalog expires.
    private QuotaRefusal? StoredBytesRefusal(long adding, DateTimeOffset now)
    {
        var limits = options.Value;
        var used = Quota.Catalogs.Values.Sum(c => c.Bytes);
        if (used + adding <= limits.MaxStoredBytesPerUser && (adding > 0 || used < limits.MaxStoredBytesPerUser)) return null;
        var oldest = Quota.Catalogs.Values.Select(c => c.StoredAt).DefaultIfEmpty(now).Min();
        // Expiry runs on the retention sweep, so the bytes free up within one sweep of the catalog's expiry.
        var wait = oldest + retention.Value.CatalogRetention + retention.Value.RetentionSweepInterval - now;
        return new QuotaRefusal(nameof(LimitOptions.MaxStoredBytesPerUser), limits.MaxStoredBytesPerUser, used,
            wait > TimeSpan.Zero ? wait : TimeSpan.FromMinutes(1));
    }
}
