using System.Globalization;
using FinkXmatch.Api.Problems;
using FinkXmatch.Api.Xmatch;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Occupancy;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Api.Catalogs;

/// <summary>
/// The nights whose alerts a sky map shows (<c>?survey=&amp;years=</c> or <c>&amp;startNight=&amp;stopNight=</c>, the
/// words of an XmatchRequest, with the same choice of datalake and nights) and where those alerts are: the union of
/// the nights' occupancies, each scanned once and then kept (<see cref="AlertOccupancyCache"/>).
/// </summary>
public sealed class SkyMapNights(SurveyDatalakes datalakes, AlertOccupancyCache occupancy)
{
    /// <summary>The coverage of the nights asked for, or null when the query names no survey and no nights.</summary>
    /// <exception cref="ApiProblem">400 a malformed value, 422 nights or a survey this service does not have, 503 no datalake.</exception>
    public async Task<AlertCoverage?> CoverageAsync(string? survey, string? years, string? startNight, string? stopNight,
        CancellationToken cancellationToken)
    {
        if (Blank(survey) && Blank(years) && Blank(startNight) && Blank(stopNight)) return null;
        var (firstYear, lastYear) = Years(years);
        var start = XmatchSubmission.Night(startNight, "startNight");
        var stop = XmatchSubmission.Night(stopNight, "stopNight");
        if (firstYear is not null && (start is not null || stop is not null))
            throw ApiProblem.BadRequest("give either years or startNight and stopNight, not both");
        if ((start is null) != (stop is null))
            throw ApiProblem.BadRequest($"{(start is null ? "startNight" : "stopNight")} is missing: a night range needs both startNight and stopNight (YYYY-MM-DD)");
        if (datalakes.IsEmpty)
            throw new ApiProblem(StatusCodes.Status503ServiceUnavailable, "No datalake", "the service has no datalake configured (--datalake)");

        try
        {
            var (chosen, root) = datalakes.Choose(RequestWords.ParseSurvey(survey));
            var nights = XmatchPlan.SelectShards(DatalakeLayout.Open(root), firstYear, lastYear, start, stop);
            return await occupancy.CoverageAsync(chosen, nights, cancellationToken);
        }
        catch (Exception e) when (e is XmatchRequestException or DatalakeException)
        {
            throw new ApiProblem(StatusCodes.Status422UnprocessableEntity, "No such nights", e.Message);
        }
    }

    // YYYY or YYYY-YYYY: the query's form of the request's list of consecutive years.
    private static (int?, int?) Years(string? text)
    {
        if (Blank(text)) return (null, null);
        var parts = text!.Trim().Split('-');
        if (parts.Length is 1 or 2 && parts.All(IsYear))
        {
            var first = int.Parse(parts[0], CultureInfo.InvariantCulture);
            return (first, parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : first);
        }
        throw ApiProblem.BadRequest($"years must be a year YYYY or a range YYYY-YYYY, got '{text}'");
    }

    private static bool IsYear(string part) => part.Length == 4 && part.All(char.IsAsciiDigit);

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);
}
