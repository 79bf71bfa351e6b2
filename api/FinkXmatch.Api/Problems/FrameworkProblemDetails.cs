using FinkXmatch.Core.Catalogs;
using Microsoft.AspNetCore.Mvc;

namespace FinkXmatch.Api.Problems;

/// <summary>
/// Gives the answers ASP.NET Core makes by itself (status-code pages for an unknown route, a wrong method, a content
/// type an endpoint does not accept, a request Kestrel refuses) a detail a person can act on, as our own problems have.
/// </summary>
public static class FrameworkProblemDetails
{
    public static void Customize(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        if (!string.IsNullOrEmpty(problem.Detail)) return;
        var request = context.HttpContext.Request;
        var target = CatalogException.Quote($"{request.Method} {request.Path}");
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status404NotFound => $"nothing answers {target}: the API is under /api/v1 (see /openapi/v1.json)",
            StatusCodes.Status405MethodNotAllowed => $"{target} is not allowed: see /openapi/v1.json for the methods of {request.Path}",
            StatusCodes.Status415UnsupportedMediaType =>
                $"{target} does not take {(string.IsNullOrEmpty(request.ContentType) ? "a body without a content type" : $"'{request.ContentType}'")}: send application/json (catalog uploads: multipart/form-data)",
            StatusCodes.Status413PayloadTooLarge => $"the body of {target} is too large",
            StatusCodes.Status400BadRequest => $"{target} could not be read: check its body and headers",
            _ => problem.Detail,
        };
    }
}
