namespace FinkXmatch.Grains.Catalogs;

/// <summary>
/// One uploaded catalog, keyed by its catalog id. It keeps the catalog's metadata once the upload has been read
/// and validated; the file itself stays on disk (<see cref="CatalogFiles"/>) until the catalog expires.
/// </summary>
[Alias("FinkXmatch.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the catalog. Repeating the same registration is harmless; a different one for an id already taken
    /// fails with <see cref="InvalidOperationException"/> (ids are generated, so that is a bug, not user input).
    /// </summary>
    [Alias("Register")]
    Task RegisterAsync(StoredCatalog catalog);

    /// <summary>The catalog, or null when no catalog has this id (or it expired).</summary>
    [Alias("Get")]
    Task<StoredCatalog?> GetAsync();

    /// <summary>When the catalog was deleted by expiry, or null when it was not (or never existed).</summary>
    [Alias("GetExpiredAt")]
    Task<DateTimeOffset?> GetExpiredAtAsync();

    /// <summary>Who uploaded the catalog, also after it expired; null when unknown.</summary>
    [Alias("GetOwner")]
    Task<string?> GetOwnerAsync();

    /// <summary>
    /// Deletes the stored file and forgets the catalog, keeping only when that happened (called by the retention
    /// register once <c>CatalogRetention</c> has passed since the upload). Repeating it is harmless.
    /// </summary>
    [Alias("Expire")]
    Task ExpireAsync();
}
