using FinkXmatch.Core.Xmatch;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinkXmatch.Api.Schema;

/// <summary><c>GET /schema</c>: the alert fields and packets a crossmatch can return (an addition to CONTRACT §2).</summary>
public static class SchemaEndpoints
{
    public static RouteGroupBuilder MapSchemaEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/schema", GetAsync)
            .WithTags("Service")
            .WithName("GetAlertSchema")
            .WithSummary("Every alert field path (e.g. candidate.magpsf, diaSource.psfFlux) with its type, and the fields of the light/medium/full packets, for ?survey=ztf|lsst")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<Results<Ok<AlertSchemaInfo>, ProblemHttpResult>> GetAsync(AlertSchemaSource schema, string? survey = null)
    {
        try
        {
            // The request's word, read as POST /xmatch reads it: an unknown survey is a 422 naming the ones there are.
            return TypedResults.Ok(await schema.GetAsync(RequestWords.ParseSurvey(survey)));
        }
        catch (XmatchRequestException e)
        {
            return Unprocessable(e.Message);
        }
    }

    private static ProblemHttpResult Unprocessable(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unknown survey");
}
