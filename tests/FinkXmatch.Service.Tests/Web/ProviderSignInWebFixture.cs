using Microsoft.Extensions.DependencyInjection;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// The web tests' service host in <c>Auth:Mode=oidc</c>, trusting a <see cref="MockOidcProvider"/> started first, with
/// the page's client id set so that the page offers the provider's sign-in. The provider signs in <see cref="User"/>.
/// </summary>
public sealed class ProviderSignInWebFixture : ServiceFixture
{
    public const string User = "alice";
    public const string ClientId = "finkxmatch-web";
    public const string Audience = "finkxmatch";

    private MockOidcProvider? _provider;

    public Uri BaseAddress => Client.BaseAddress!;

    internal MockOidcProvider Provider => _provider ?? throw new InvalidOperationException("not started");

    public override async Task InitializeAsync()
    {
        _provider = await MockOidcProvider.StartAsync(User, ClientId, Audience);
        await base.InitializeAsync();
    }

    /// <summary>The host's grains, to check what the service recorded.</summary>
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings["Auth:Mode"] = "oidc";
        settings["Auth:Oidc:Authority"] = Provider.Authority;
        settings["Auth:Oidc:Audience"] = Audience;
        settings["Auth:Oidc:ClientId"] = ClientId;
        settings["Auth:Oidc:UserClaim"] = "preferred_username";
        settings["Auth:Oidc:RequireHttpsMetadata"] = "false";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
    }
}
