using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Auth;

/// <summary>
/// Refuses settings that cannot be safe or cannot work: <c>Auth:Mode=none</c> while any HTTP address the service
/// listens on is not loopback (anyone who reaches it would be an operator), and oidc without authority or audience.
/// </summary>
public sealed class AuthOptionsValidator(IConfiguration configuration) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Mode))
            return ValidateOptionsResult.Fail($"{AuthOptions.Section}:Mode must be none, tokens or oidc, got '{options.Mode}'");
        if (options.Mode == AuthMode.None && NonLoopback(configuration[WebHostDefaults.ServerUrlsKey]) is { } exposed)
        {
            return ValidateOptionsResult.Fail(
                $"{AuthOptions.Section}:Mode is none (no sign-in) but the service would listen on {exposed}, which is not loopback: set Auth:Mode to tokens or oidc (e.g. AUTH__MODE=tokens), or listen on 127.0.0.1");
        }
        if (options.Mode == AuthMode.Oidc)
        {
            if (!Uri.TryCreate(options.Oidc.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
                return ValidateOptionsResult.Fail($"{AuthOptions.Section}:Oidc:Authority must be the provider's issuer URL (https://...), got '{options.Oidc.Authority}'");
            if (string.IsNullOrWhiteSpace(options.Oidc.Audience))
                return ValidateOptionsResult.Fail($"{AuthOptions.Section}:Oidc:Audience must name the audience tokens are issued for (FinkXmatch's client id)");
            if (string.IsNullOrWhiteSpace(options.Oidc.UserClaim) || string.IsNullOrWhiteSpace(options.Oidc.OperatorClaim))
                return ValidateOptionsResult.Fail($"{AuthOptions.Section}:Oidc:UserClaim and OperatorClaim must name claims");
            if (SignInProblem(options.Oidc) is { } signIn) return ValidateOptionsResult.Fail(signIn);
        }
        return ValidateOptionsResult.Success;
    }

    // What the page's own sign-in needs: a client id it can put in an address, scopes a provider can read.
    private static string? SignInProblem(OidcOptions oidc)
    {
        if (oidc.ClientId is null) return null;
        if (oidc.ClientId.Length is 0 or > 200 || !oidc.ClientId.All(c => c is > ' ' and < (char)127))
            return $"{AuthOptions.Section}:Oidc:ClientId must be the web page's client id at the provider (1 to 200 visible ASCII characters, no space), got '{oidc.ClientId}'";
        var scopes = (oidc.Scopes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!scopes.Contains("openid", StringComparer.Ordinal) || !scopes.All(s => s.All(c => c is > ' ' and < (char)127 and not '"' and not '\\')))
            return $"{AuthOptions.Section}:Oidc:Scopes must be scopes separated by spaces, openid among them (e.g. 'openid profile'), got '{oidc.Scopes}'";
        return null;
    }

    /// <summary>The first of the <c>;</c>-separated URLs whose host is not a loopback address, or null.</summary>
    internal static string? NonLoopback(string? urls)
    {
        if (string.IsNullOrWhiteSpace(urls)) return null;
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsLoopback(url)) return url;
        }
        return null;
    }

    private static bool IsLoopback(string url)
    {
        // Kestrel's wildcards (http://*:80, http://+:80) and 0.0.0.0 listen everywhere; a host name may resolve anywhere but localhost.
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
