namespace FinkXmatch.Service.Tests.Auth;

/// <summary>Settings that cannot be safe stop the real process before it listens: one line on stderr, exit 2.</summary>
public sealed class AuthStartTests
{
    [Theory]
    [InlineData("http://0.0.0.0:{0}", null, "Auth:Mode is none (no sign-in) but the service would listen on http://0.0.0.0:")]
    [InlineData("http://*:{0}", null, "Auth:Mode is none (no sign-in) but the service would listen on http://*:")]
    [InlineData("http://127.0.0.1:{0};http://[::]:{1}", null, "Auth:Mode is none (no sign-in) but the service would listen on http://[::]:")]
    [InlineData("http://127.0.0.1:{0}", "oidc", "Auth:Oidc:Authority must be the provider's issuer URL")]
    [InlineData("http://127.0.0.1:{0}", "sometimes", "Failed to convert configuration value 'sometimes' at 'Auth:Mode'")]
    public async Task Unsafe_or_incomplete_auth_settings_stop_the_start(string urls, string? mode, string message)
    {
        var environment = new Dictionary<string, string>();
        if (mode is not null) environment["AUTH__MODE"] = mode;
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, urls, TestPorts.Free(), TestPorts.Free());
        var line = await StartRefusal.LineAsync(["--urls", url], environment);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("finkxmatch web", "openid profile", "Auth:Oidc:ClientId must be the web page's client id at the provider (1 to 200 visible ASCII characters, no space), got 'finkxmatch web'")]
    [InlineData("finkxmatch-web", "profile email", "Auth:Oidc:Scopes must be scopes separated by spaces, openid among them (e.g. 'openid profile'), got 'profile email'")]
    public async Task The_pages_provider_sign_in_settings_are_checked_at_start(string clientId, string scopes, string message)
    {
        var environment = new Dictionary<string, string>
        {
            ["AUTH__MODE"] = "oidc",
            ["AUTH__OIDC__AUTHORITY"] = "https://login.example.org/realms/fink",
            ["AUTH__OIDC__AUDIENCE"] = "finkxmatch",
            ["AUTH__OIDC__CLIENTID"] = clientId,
            ["AUTH__OIDC__SCOPES"] = scopes,
        };
        var url = $"http://127.0.0.1:{TestPorts.Free()}";
        var line = await StartRefusal.LineAsync(["--urls", url], environment);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }
}
