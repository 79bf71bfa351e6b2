using FinkXmatch.Api.Auth;
using FinkXmatch.Grains.Catalogs;

namespace FinkXmatch.Api.Catalogs;

/// <summary>
/// A catalog as one caller may see it: their own, or any for an operator. Someone else's catalog is answered as if it
/// did not exist (404, never 403), so that its existence is not revealed.
/// </summary>
public static class CatalogAccess
{
    /// <summary>The catalog, or null when the id is malformed, unknown, expired or not the caller's.</summary>
    public static async Task<StoredCatalog?> FindAsync(IGrainFactory grains, string catalogId, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(caller);
        if (!CatalogIds.IsWellFormed(catalogId)) return null;
        return await grains.GetGrain<ICatalogGrain>(catalogId).GetAsync() is { } catalog && caller.Sees(catalog.Owner) ? catalog : null;
    }

    /// <summary>When the caller's catalog expired, or null (never existed, not expired, or not theirs).</summary>
    public static async Task<DateTimeOffset?> ExpiredAtAsync(IGrainFactory grains, string catalogId, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(caller);
        if (!CatalogIds.IsWellFormed(catalogId)) return null;
        var grain = grains.GetGrain<ICatalogGrain>(catalogId);
        return await grain.GetExpiredAtAsync() is { } expiredAt && caller.Sees(await grain.GetOwnerAsync()) ? expiredAt : null;
    }
}
