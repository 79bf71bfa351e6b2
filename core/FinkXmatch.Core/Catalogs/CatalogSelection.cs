using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Which columns of a catalog hold the position and the identifier of each source. A null
/// <paramref name="IdColumn"/> identifies sources by their 1-based row number.
/// </summary>
public sealed record CatalogSelection(
    string RaColumn,
    string DecColumn,
    string? IdColumn,
    CoordinateFormat Format = CoordinateFormat.Auto);
