namespace FinkXmatch.Api.Auth;

/// <summary>How the service tells who is calling (<c>Auth:Mode</c>).</summary>
public enum AuthMode
{
    /// <summary>Nobody is asked: every caller is the one local operator. Loopback only.</summary>
    None,

    /// <summary>API tokens issued by <c>finkxmatch users add</c>, as <c>Authorization: Bearer fxm_...</c>.</summary>
    Tokens,

    /// <summary>JWTs from the site's OpenID Connect provider, as <c>Authorization: Bearer eyJ...</c>.</summary>
    Oidc,
}
