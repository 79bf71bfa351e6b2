using Orleans.Runtime;

namespace FinkXmatch.Grains.Catalogs;

/// <summary>Keeps one catalog's metadata; written once at upload, then read by the API and the job grains.</summary>
public sealed class CatalogGrain(
    [PersistentState("catalog", GrainStorage.Name)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    public async Task RegisterAsync(StoredCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var id = this.GetPrimaryKeyString();
        if (catalog.Info.CatalogId != id)
            throw new ArgumentException($"catalog '{catalog.Info.CatalogId}' registered on grain '{id}'", nameof(catalog));
        if (state.State.Catalog is { } existing)
        {
            // A retried call after a lost answer is fine; anything else would overwrite another catalog.
            if (SameRegistration(existing, catalog)) return;
            throw new InvalidOperationException($"catalog '{id}' is already registered");
        }
        state.State.Catalog = catalog;
        await state.WriteStateAsync();
    }

    public Task<StoredCatalog?> GetAsync() => Task.FromResult(state.State.Catalog);

    // Records compare their lists by reference, so compare what identifies an upload instead.
    private static bool SameRegistration(StoredCatalog a, StoredCatalog b) =>
        a.StoredFileName == b.StoredFileName && a.Bytes == b.Bytes && a.Info.Rows == b.Info.Rows;
}
