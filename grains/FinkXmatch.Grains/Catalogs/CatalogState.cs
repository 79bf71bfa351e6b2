namespace FinkXmatch.Grains.Catalogs;

/// <summary>The persisted state of a <see cref="CatalogGrain"/>: the catalog once registered.</summary>
[GenerateSerializer]
public sealed class CatalogState
{
    [Id(0)] public StoredCatalog? Catalog { get; set; }
}
