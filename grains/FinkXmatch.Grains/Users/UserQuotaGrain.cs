using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FinkXmatch.Grains.Users;

/// <summary>
/// Counts one user's uploads per UTC day and the bytes of their stored catalogs and completed jobs' results (persisted,
/// so a durable cluster keeps them). A refusal says when the quota frees up: the next UTC midnight for uploads, the
/// soonest expiry of a stored entry for bytes.
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
        Quota.Catalogs[catalogId] = new StoredBytes { Bytes = bytes, StoredAt = now, ExpiresAt = now + retention.Value.CatalogRetention };
        await state.WriteStateAsync();
        return null;
    }

    public async Task RecordResultsAsync(string jobId, long bytes, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (Quota.Results.TryGetValue(jobId, out var recorded) && recorded.Bytes == bytes && recorded.ExpiresAt == expiresAt) return;
        Quota.Results[jobId] = new StoredBytes { Bytes = bytes, StoredAt = time.GetUtcNow(), ExpiresAt = expiresAt };
        await state.WriteStateAsync();
    }

    public Task<QuotaRefusal?> CheckStoredBytesAsync() => Task.FromResult(StoredBytesRefusal(0, time.GetUtcNow()));

    public Task<long> GetStoredBytesAsync() => Task.FromResult(StoredBytesUsed());

    public async Task ReleaseAsync(string catalogOrJobId)
    {
        // Either removal alone changes the state; `|` (not `||`) tries both.
        if (Quota.Catalogs.Remove(catalogOrJobId) | Quota.Results.Remove(catalogOrJobId)) await state.WriteStateAsync();
    }

    private IEnumerable<StoredBytes> Stored => Quota.Catalogs.Values.Concat(Quota.Results.Values);

    private long StoredBytesUsed() => Stored.Sum(s => s.Bytes);

    // Over the stored-bytes quota with `adding` more: frees up when the first stored catalog or job's results expire.
    private QuotaRefusal? StoredBytesRefusal(long adding, DateTimeOffset now)
    {
        var limits = options.Value;
        var used = StoredBytesUsed();
        if (used + adding <= limits.MaxStoredBytesPerUser && (adding > 0 || used < limits.MaxStoredBytesPerUser)) return null;
        // Catalogs stored before entries kept their expiry expire a catalog retention after they were stored.
        var soonest = Stored.Select(s => s.ExpiresAt ?? s.StoredAt + retention.Value.CatalogRetention).DefaultIfEmpty(now).Min();
        // Expiry runs on the retention sweep, so the bytes free up within one sweep of the entry's expiry.
        var wait = soonest + retention.Value.RetentionSweepInterval - now;
        return new QuotaRefusal(nameof(LimitOptions.MaxStoredBytesPerUser), limits.MaxStoredBytesPerUser, used,
            wait > TimeSpan.Zero ? wait : TimeSpan.FromMinutes(1));
    }
}
