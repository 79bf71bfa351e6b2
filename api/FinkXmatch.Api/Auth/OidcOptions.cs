namespace FinkXmatch.Api.Auth;

/// <summary>
/// <c>Auth:Oidc</c>: the OpenID Connect provider whose JWTs are accepted. The signing keys are read from the
/// authority's discovery document (<c>/.well-known/openid-configuration</c>); issuer and audience are checked.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>The provider's issuer URL, e.g. https://login.example.org/realms/fink.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for (the client id of FinkXmatch at the provider).</summary>
    public string? Audience { get; set; }

    /// <summary>The claim naming the user (owner of catalogs and jobs).</summary>
    public string UserClaim { get; set; } = "sub";

    /// <summary>The claim that marks operators, with <see cref="OperatorClaimValue"/> among its values.</summary>
    public string OperatorClaim { get; set; } = "roles";

    public string OperatorClaimValue { get; set; } = "finkxmatch-operator";

    /// <summary>
    /// The web page's client id at the provider (a public client: no secret; the provider must allow the page's own
    /// address as redirect URI and its origin for CORS). Unset: the page offers only a pasted token.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>The scopes the page asks for, separated by spaces; <c>openid</c> among them.</summary>
    public string Scopes { get; set; } = "openid profile";

    /// <summary>False only for a provider on loopback in tests: the discovery document over http.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
