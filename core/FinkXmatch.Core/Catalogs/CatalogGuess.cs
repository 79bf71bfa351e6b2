using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The columns most likely holding RA, Dec and an identifier (null when none looks right), and the notation of the
/// coordinates (<see cref="CoordinateFormat.Degrees"/> or <see cref="CoordinateFormat.Sexagesimal"/>).
/// </summary>
public sealed record CatalogGuess(
    string? RaColumn,
    string? DecColumn,
    string? IdColumn,
    CoordinateFormat Coordinates);
