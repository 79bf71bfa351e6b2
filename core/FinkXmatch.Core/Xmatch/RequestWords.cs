using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Xmatch;

/// <summary>The words a crossmatch request uses for its choices (CONTRACT §2), parsed the same way by the API and the grains.</summary>
public static class RequestWords
{
    /// <summary><c>nearest</c> (default when null) or <c>all</c>.</summary>
    /// <exception cref="XmatchRequestException">any other word.</exception>
    public static MatchMode ParseMatch(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "nearest" => MatchMode.Nearest,
        "all" => MatchMode.All,
        _ => throw new XmatchRequestException($"match must be 'nearest' or 'all', got '{text}'"),
    };

    /// <summary><c>auto</c> (default when null), <c>degrees</c> or <c>sexagesimal</c>.</summary>
    /// <exception cref="XmatchRequestException">any other word.</exception>
    public static CoordinateFormat ParseCoordinates(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => CoordinateFormat.Auto,
        "degrees" => CoordinateFormat.Degrees,
        "sexagesimal" => CoordinateFormat.Sexagesimal,
        _ => throw new XmatchRequestException($"coordinates must be 'auto', 'degrees' or 'sexagesimal', got '{text}'"),
    };

    /// <summary><c>ztf</c> or <c>lsst</c> (any case); null when none is given (the service then picks, see <see cref="SurveyDatalakes.Choose"/>).</summary>
    /// <exception cref="XmatchRequestException">any other word, naming the surveys there are.</exception>
    public static Survey? ParseSurvey(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : Survey.TryParse(text, out var survey) ? survey
        : throw new XmatchRequestException($"unknown survey '{text}': use {string.Join(" or ", Survey.All.Select(s => $"\"{s.Name}\""))}");

    public static string Name(MatchMode mode) => mode == MatchMode.All ? "all" : "nearest";

    public static string Name(CoordinateFormat format) => format switch
    {
        CoordinateFormat.Degrees => "degrees",
        CoordinateFormat.Sexagesimal => "sexagesimal",
        _ => "auto",
    };
}
