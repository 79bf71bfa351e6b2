using FinkXmatch.Core.Catalogs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinkXmatch.Api.Problems;

/// <summary>The RFC 9457 answers the endpoints give.</summary>
public static class ProblemResults
{
    public static ProblemHttpResult From(ApiProblem problem) =>
        TypedResults.Problem(problem.Message, statusCode: problem.StatusCode, title: problem.Title);

    /// <summary>A catalog the service cannot accept: 422, with the reader's message (file, row, column) as detail.</summary>
    public static ProblemHttpResult From(CatalogException error) =>
        TypedResults.Problem(error.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Catalog rejected",
            extensions: new Dictionary<string, object?> { ["kind"] = error.Kind.ToString() });

    /// <summary>507: the data directory has no room left for what was sent.</summary>
    public static ProblemHttpResult DiskFull(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status507InsufficientStorage, title: "Data directory full");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
