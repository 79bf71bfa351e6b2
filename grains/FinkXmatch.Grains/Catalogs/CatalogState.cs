namespace FinkXmatch.Grains.Catalogs;

/// <summary>The persisted state of a <see cref="CatalogGrain"/>: the catalog once registered; after expiry only when it went.</summary>
[GenerateSerializer]
public sealed class CatalogState
{
    [Id(0)] public StoredCatalog? Catalog { get; set; }

    /// <summary>When expiry deleted the catalog (then <see cref="Catalog"/> is null), so that the API can say so.</summary>
    [Id(1)] public DateTimeOffset? ExpiredAt { get; set; }

    /// <summary>Who uploaded it, kept after expiry so that only they (and operators) learn that it expired.</summary>
    [Id(2)] public string? Owner { get; set; }
}
