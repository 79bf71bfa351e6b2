using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Auth;

/// <summary>
/// <c>GET /auth/config</c> (an addition to the contract; anonymous, since it is read before signing in): how the web
/// page signs in. In oidc mode with <see cref="OidcOptions.ClientId"/> set it names the provider, the page's public
/// client id and the scopes, which is all the page needs for the authorization code flow with PKCE; nothing secret.
/// </summary>
public static class SignInConfigEndpoints
{
    public static RouteGroupBuilder MapSignInConfigEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/auth/config", Get)
            .AllowAnonymous()
            .WithTags("Service")
            .WithName("GetSignInConfig")
            .WithSummary("How to sign in: the mode (none, tokens, oidc) and, for oidc, the provider, the page's client id and scopes");
        return api;
    }

    private static Ok<SignInConfig> Get(IOptions<AuthOptions> auth)
    {
        var options = auth.Value;
        var provider = options.Mode == AuthMode.Oidc && options.Oidc.ClientId is { } clientId
            ? new ProviderSignIn(options.Oidc.Authority!, clientId, options.Oidc.Scopes)
            : null;
        return TypedResults.Ok(new SignInConfig(options.Mode.ToString().ToLowerInvariant(), provider));
    }
}

/// <summary>The answer of <c>GET /auth/config</c>; <see cref="Oidc"/> is null when the page has no provider sign-in.</summary>
public sealed record SignInConfig(string Mode, ProviderSignIn? Oidc);

/// <summary>The provider's issuer (its discovery document is under it), the page's public client id, the scopes to ask for.</summary>
public sealed record ProviderSignIn(string Authority, string ClientId, string Scopes);
