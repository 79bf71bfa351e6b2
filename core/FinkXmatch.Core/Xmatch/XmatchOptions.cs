using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// What to crossmatch against: the radius and match rule, the output fields (or a packet), and the nights
/// (a first and a last year, inclusive, or an inclusive night range; neither means the whole datalake), and the survey
/// the caller expects (null: whichever the datalake holds).
/// </summary>
public sealed record XmatchOptions(
    double RadiusArcsec,
    MatchMode Mode = MatchMode.Nearest,
    IReadOnlyList<string>? Fields = null,
    string? Packet = null,
    int? FirstYear = null,
    int? LastYear = null,
    DateOnly? StartNight = null,
    DateOnly? StopNight = null,
    Survey? Survey = null);
