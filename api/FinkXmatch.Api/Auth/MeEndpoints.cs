using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Auth;

/// <summary><c>GET /me</c> (an addition to the contract): who the service takes the caller for, so that the web page can say so.</summary>
public static class MeEndpoints
{
    public static RouteGroupBuilder MapMeEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me", Get)
            .WithTags("Service")
            .WithName("GetMe")
            .WithSummary("The signed-in user, whether an operator, and the service's sign-in mode (none, tokens, oidc)");
        return api;
    }

    private static Ok<Me> Get(HttpContext http, IOptions<AuthOptions> auth)
    {
        var caller = http.Caller();
        return TypedResults.Ok(new Me(caller.Name, caller.IsOperator, auth.Value.Mode.ToString().ToLowerInvariant()));
    }
}

/// <summary>The answer of <c>GET /me</c>.</summary>
public sealed record Me(string Name, bool Operator, string Mode);
