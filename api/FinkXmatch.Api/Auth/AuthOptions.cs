namespace FinkXmatch.Api.Auth;

/// <summary>
/// The <c>Auth</c> section (appsettings.json, or <c>AUTH__MODE=tokens</c>): who may call the service. Bound once and
/// checked at start (<see cref="AuthOptionsValidator"/>): <c>none</c> on an address other than loopback stops the start.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public AuthMode Mode { get; set; } = AuthMode.None;

    /// <summary>For <see cref="AuthMode.Oidc"/>.</summary>
    public OidcOptions Oidc { get; set; } = new();
}
