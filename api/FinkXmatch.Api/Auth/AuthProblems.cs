using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace FinkXmatch.Api.Auth;

/// <summary>
/// The 401 and 403 answers, as problem+json naming what to do. Details are the service's own words: never the
/// credential, nor a token library's message (which may quote claims).
/// </summary>
public static class AuthProblems
{
    public const string SignIn =
        "sign in: send 'Authorization: Bearer <token>' with an API token from an operator (finkxmatch users add) or a JWT from the site's sign-in";

    public static Task WriteUnauthorizedAsync(HttpContext http, string? why)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return WriteAsync(http, StatusCodes.Status401Unauthorized, "Not signed in", why is null ? SignIn : $"{why}; {SignIn}");
    }

    public static Task WriteForbiddenAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var who = Caller.From(http.User)?.Name ?? "this user";
        return WriteAsync(http, StatusCodes.Status403Forbidden, "Operators only",
            $"{http.Request.Method} {http.Request.Path} is for operators, and {who} is not one: ask an operator");
    }

    private static async Task WriteAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
