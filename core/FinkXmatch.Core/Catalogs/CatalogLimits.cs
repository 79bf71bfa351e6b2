namespace FinkXmatch.Core.Catalogs;

/// <summary>The largest catalog accepted: beyond these a catalog is refused rather than half-loaded.</summary>
public sealed record CatalogLimits(long MaxRows = 10_000_000, int MaxColumns = 1000)
{
    /// <summary>The defaults: 10 million rows, 1000 columns.</summary>
    public static CatalogLimits Default { get; } = new();
}
