namespace FinkXmatch.Grains.Catalogs;

/// <summary>
/// One uploaded catalog, keyed by its catalog id. It keeps the catalog's metadata once the upload has been read
/// and validated; the file itself stays on disk.
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

    /// <summary>The catalog, or null when no catalog has this id.</summary>
    [Alias("Get")]
    Task<StoredCatalog?> GetAsync();
}
