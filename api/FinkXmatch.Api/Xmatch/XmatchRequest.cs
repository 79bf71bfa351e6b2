namespace FinkXmatch.Api.Xmatch;

/// <summary>
/// CONTRACT §2 <c>XmatchRequest</c>, as posted. Every member is optional here so that a missing one is answered
/// with a problem naming it rather than a bare 400. Add members, never rename them.
/// </summary>
/// <param name="CatalogId">From <c>POST /catalogs</c>.</param>
/// <param name="RaColumn">Defaults to the catalog's guessed RA column.</param>
/// <param name="DecColumn">Defaults to the catalog's guessed Dec column.</param>
/// <param name="IdColumn">Defaults to the guessed identifier column (row numbers when there is none).</param>
/// <param name="RadiusArcsec">0 &lt; r ≤ 3600.</param>
/// <param name="Coordinates"><c>auto</c> (default), <c>degrees</c> or <c>sexagesimal</c>.</param>
/// <param name="Years">The first and the last year, inclusive ([2025, 2025]: 2025 alone); or <paramref name="StartNight"/> and <paramref name="StopNight"/>; neither: every night.</param>
/// <param name="StartNight">First night, <c>YYYY-MM-DD</c>, inclusive.</param>
/// <param name="StopNight">Last night, <c>YYYY-MM-DD</c>, inclusive.</param>
/// <param name="Fields">Alert fields to return (default the survey's two identifiers: objectId, candid for ZTF).</param>
/// <param name="Packet"><c>light</c>, <c>medium</c> or <c>full</c>, instead of fields.</param>
/// <param name="Match"><c>nearest</c> (default) or <c>all</c>.</param>
/// <param name="Survey"><c>ztf</c> or <c>lsst</c>: whose alerts; by default the survey of the one datalake served.</param>
public sealed record XmatchRequest(
    string? CatalogId,
    string? RaColumn,
    string? DecColumn,
    string? IdColumn,
    double? RadiusArcsec,
    string? Coordinates,
    int[]? Years,
    string? StartNight,
    string? StopNight,
    string[]? Fields,
    string? Packet,
    string? Match,
    string? Survey = null);
