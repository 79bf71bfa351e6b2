using FinkXmatch.Api.Problems;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.SkySearch;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Grains.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.SkySearch;

/// <summary>
/// <c>/conesearch</c> and <c>/region</c> (additions to the contract): every alert within a radius of a position, or
/// inside a MOC, found through the nights' sky indexes, with Fink's conesearch arguments; answered as JSON (default),
/// CSV or Parquet (<c>output-format</c>). A bad argument is a 400 problem whose <c>argument</c> member names it.
/// </summary>
public static class SkySearchEndpoints
{
    public static RouteGroupBuilder MapSkySearchEndpoints(this RouteGroupBuilder api)
    {
        var cone = api.MapGroup("/conesearch").WithTags("Sky search");
        cone.MapPost("/", (HttpRequest http, SkySearchService search, IOptions<LimitOptions> limits, CancellationToken ct) =>
                AnswerAsync(search, async () => ParseCone(await SkySearchRequestBody.ReadAsync(http, limits.Value.MaxRequestBodyBytes,
                    SkySearchArguments.ConeNames, ct)), ct))
            .WithName("ConeSearch")
            .WithSummary("Every alert within radius arcseconds (<= 18000) of ra, dec (degrees or sexagesimal), sorted by separation: JSON body " +
                "{ra, dec, radius, startdate, window | stopdate, survey, columns, output-format: json|csv|parquet|svg (the alerts on a sky map)}");
        cone.MapGet("/", (HttpRequest http, SkySearchService search, CancellationToken ct) =>
                AnswerAsync(search, () => Task.FromResult(ParseCone(SkySearchRequestBody.FromQuery(http.Query, SkySearchArguments.ConeNames))), ct))
            .WithName("ConeSearchByQuery")
            .WithSummary("The cone search with its arguments in the query string");
        var region = api.MapGroup("/region").WithTags("Sky search");
        region.MapPost("/", (HttpRequest http, SkySearchService search, IOptions<LimitOptions> limits, CancellationToken ct) =>
                AnswerAsync(search, () => RegionRequestBody.ReadAsync(http, limits.Value.MaxRequestBodyBytes, ct), ct))
            .WithName("RegionSearch")
            .WithSummary("Every alert inside a MOC: JSON body {moc: {\"order\": [pixel, ...]}, startdate, window | stopdate, survey, columns, output-format}; " +
                "or a FITS MOC as the body (Content-Type: application/fits) with the other arguments in the query string; " +
                "or multipart/form-data with the MOC file (FITS or JSON) in field moc and the other arguments as fields");
        foreach (var builder in new[] { cone, region })
            builder
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
                .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> AnswerAsync(SkySearchService search,
        Func<Task<SkySearchArguments>> read, CancellationToken cancellationToken)
    {
        try
        {
            var parsed = await read();
            var result = await search.SearchAsync(parsed, cancellationToken);
            using var answer = new MemoryStream();
            await SkySearchOutput.WriteAsync(result, parsed.Format, answer, cancellationToken);
            return TypedResults.File(answer.ToArray(), SkySearchOutput.MediaType(parsed.Format));
        }
        catch (ApiProblem problem)
        {
            return ProblemResults.From(problem);
        }
    }

    private static SkySearchArguments ParseCone(Dictionary<string, string?> arguments) =>
        SkySearchRequestBody.Parse(() => SkySearchArguments.Cone(name => arguments.GetValueOrDefault(name)));
}

/// <summary>Runs a parsed search on the datalake of its survey, within the service's limits.</summary>
public sealed class SkySearchService(SurveyDatalakes datalakes, SkySearcher searcher, IOptions<LimitOptions> limits)
{
    /// <exception cref="ApiProblem">422 a survey not served, an unknown column, no night in the dates, too many alerts; 503 no datalake.</exception>
    public async Task<SkySearchResult> SearchAsync(SkySearchArguments arguments, CancellationToken cancellationToken)
    {
        if (datalakes.IsEmpty)
            throw new ApiProblem(StatusCodes.Status503ServiceUnavailable, "No datalake", "the service has no datalake configured (--datalake)");
        (Survey Survey, string Root) datalake;
        try
        {
            datalake = datalakes.Choose(arguments.Survey);
        }
        catch (XmatchRequestException e)
        {
            throw new ApiProblem(StatusCodes.Status422UnprocessableEntity, "No such survey", e.Message, argument: "survey");
        }
        try
        {
            return await searcher.SearchAsync(datalake.Root, datalake.Survey, arguments.Shape, arguments.Time, arguments.Columns,
                limits.Value.MaxSkySearchRows, cancellationToken);
        }
        catch (SkySearchTooManyException e)
        {
            throw LimitProblems.Exceeded(StatusCodes.Status422UnprocessableEntity, nameof(LimitOptions.MaxSkySearchRows), e.Message);
        }
        catch (SkySearchException e)
        {
            throw new ApiProblem(StatusCodes.Status422UnprocessableEntity, "Cannot search", e.Message, argument: e.Argument);
        }
        catch (DatalakeException e)
        {
            throw new ApiProblem(StatusCodes.Status422UnprocessableEntity, "Cannot search", e.Message, argument: "survey");
        }
    }
}
