using FinkXmatch.Core.Catalogs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinkXmatch.Api.Problems;

/// <summary>The RFC 9457 answers the endpoints give.</summary>
public static class ProblemResults
{
    /// <summary>The problem member naming the configuration key of the limit a request went over.</summary>
    public const string LimitMember = "limit";

    /// <summary>The problem member naming the request argument at fault (cone search and region arguments).</summary>
    public const string ArgumentMember = "argument";

    /// <summary>The problem; with <see cref="ApiProblem.RetryAfter"/>, its <c>Retry-After</c> header set on <paramref name="response"/>.</summary>
    public static ProblemHttpResult From(ApiProblem problem, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(response);
        if (problem.RetryAfter is { } wait)
            response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return From(problem);
    }

    public static ProblemHttpResult From(ApiProblem problem)
    {
        var extensions = new Dictionary<string, object?>();
        if (problem.Limit is not null) extensions[LimitMember] = problem.Limit;
        if (problem.Argument is not null) extensions[ArgumentMember] = problem.Argument;
        return TypedResults.Problem(problem.Message, statusCode: problem.StatusCode, title: problem.Title, extensions: extensions.Count == 0 ? null : extensions);
    }

    /// <summary>
    /// A catalog the service cannot accept: 422, with the reader's message (file, row, column) as detail; over the row
    /// or column limit, the limit's problem (<see cref="LimitProblems.For"/>).
    /// </summary>
    public static ProblemHttpResult From(CatalogException error) =>
        LimitProblems.For(error) is { } limit
            ? From(limit)
            : TypedResults.Problem(error.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Catalog rejected",
                extensions: new Dictionary<string, object?> { ["kind"] = error.Kind.ToString() });

    /// <summary>The detail for an unknown catalog id (quoted short: ids come from the client).</summary>
    public static string NoCatalog(string catalogId) => $"no catalog '{CatalogException.Quote(catalogId)}': upload one with POST /api/v1/catalogs";

    /// <summary>The detail for an unknown job id.</summary>
    public static string NoJob(string jobId) => $"no job '{CatalogException.Quote(jobId)}': submit one with POST /api/v1/xmatch";

    /// <summary>507: the data directory has no room left for what was sent.</summary>
    public static ProblemHttpResult DiskFull(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status507InsufficientStorage, title: "Data directory full");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
