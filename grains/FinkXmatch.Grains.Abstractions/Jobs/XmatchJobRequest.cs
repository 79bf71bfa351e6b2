using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// A crossmatch as the job grain runs it: the CONTRACT's <c>XmatchRequest</c> after the API validated it, with the
/// catalog's stored file, the nights (shards) it resolved to and the survey whose datalake they are in (null in jobs
/// persisted before surveys: the one datalake served) and the user who submitted it (null in jobs persisted before
/// users: operators only see those), and whether the results of the completed job count against that user's
/// stored-bytes quota (sign-in on; false in jobs persisted before results counted). Persisted with the job; concrete collection types. The match mode and the
/// coordinate format were words before they were enums: grain storage's JSON reads the stored words by name
/// (<c>all</c>, <c>sexagesimal</c>, ...), and the API parses the request's words once, when it resolves the request.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record XmatchJobRequest(
    [property: Id(0)] string CatalogId,
    [property: Id(1)] string CatalogPath,
    [property: Id(2)] string RaColumn,
    [property: Id(3)] string DecColumn,
    [property: Id(4)] string? IdColumn,
    [property: Id(5)] CoordinateFormat Coordinates,
    [property: Id(6)] double RadiusArcsec,
    [property: Id(7)] MatchMode Match,
    [property: Id(8)] string[]? Fields,
    [property: Id(9)] string? Packet,
    [property: Id(10)] string[] Nights,
    [property: Id(11)] string? Survey = null,
    [property: Id(12)] string? Owner = null,
    [property: Id(13)] bool OwnerHasQuota = false);
