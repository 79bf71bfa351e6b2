using FinkXmatch.Grains.Expiry;
using FinkXmatch.Grains.Settings;
using FinkXmatch.Grains.Users;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FinkXmatch.Grains.Catalogs;

/// <summary>
/// Keeps one catalog's metadata; written once at upload, then read by the API and the job grains. Registering
/// schedules the catalog's expiry (<see cref="RetentionOptions.CatalogRetention"/> after the upload) with the
/// <see cref="IRetentionGrain"/>, which later calls <see cref="ExpireAsync"/>.
/// </summary>
public sealed class CatalogGrain(
    [PersistentState("catalog", GrainStorage.Name)] IPersistentState<CatalogState> state,
    IOptions<DataDirectoryOptions> data,
    IOptions<RetentionOptions> retention,
    TimeProvider time) : Grain, ICatalogGrain
{
    private readonly CatalogFiles _files = new(data.Value.DataDirectory);

    public async Task RegisterAsync(StoredCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var id = this.GetPrimaryKeyString();
        if (catalog.Info.CatalogId != id)
            throw new ArgumentException($"catalog '{catalog.Info.CatalogId}' registered on grain '{id}'", nameof(catalog));
        if (state.State.ExpiredAt is { } expiredAt)
            throw new InvalidOperationException($"catalog '{id}' expired at {expiredAt:O}");
        if (state.State.Catalog is { } existing)
        {
            // A retried call after a lost answer is fine (and schedules again, in case that is what failed);
            // anything else would overwrite another catalog.
            if (!SameRegistration(existing, catalog)) throw new InvalidOperationException($"catalog '{id}' is already registered");
        }
        else
        {
            state.State.Catalog = catalog;
            state.State.Owner = catalog.Owner;
            await state.WriteStateAsync();
        }
        var expiresAt = catalog.UploadedAt + retention.Value.CatalogRetention;
        await GrainFactory.GetGrain<IRetentionGrain>(IRetentionGrain.ClusterKey).ScheduleAsync(new RetentionItem(RetentionKind.Catalog, id, expiresAt));
    }

    public Task<StoredCatalog?> GetAsync() => Task.FromResult(state.State.Catalog);

    public Task<DateTimeOffset?> GetExpiredAtAsync() => Task.FromResult(state.State.ExpiredAt);

    public Task<string?> GetOwnerAsync() => Task.FromResult(state.State.Owner ?? state.State.Catalog?.Owner);

    public async Task ExpireAsync()
    {
        if (state.State.Catalog is not { } catalog) return;
        // Throws (and the register tries again) if the file cannot be deleted; a missing file is fine.
        // Off the grain's scheduler: a deletion on a shared (network) data directory may block.
        var stored = _files.Stored(catalog.StoredFileName);
        await Task.Run(() => File.Delete(stored));
        state.State.Catalog = null;
        state.State.ExpiredAt = time.GetUtcNow();
        await state.WriteStateAsync();
        // Its bytes no longer count against its owner's quota.
        if (catalog.Owner is { } owner) await GrainFactory.GetGrain<IUserQuotaGrain>(owner).ReleaseAsync(catalog.Info.CatalogId);
    }

    // Records compare their lists by reference, so compare what identifies an upload instead.
    private static bool SameRegistration(StoredCatalog a, StoredCatalog b) =>
        a.StoredFileName == b.StoredFileName && a.Bytes == b.Bytes && a.Info.Rows == b.Info.Rows;
}
