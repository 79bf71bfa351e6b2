using FinkXmatch.Grains.Users;
using Microsoft.Extensions.DependencyInjection;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// The web tests' service host with sign-in on (<c>Auth:Mode=tokens</c>) and one user, <see cref="User"/>, whose
/// token the browser test pastes into the page.
/// </summary>
public sealed class SignInWebFixture : ServiceFixture
{
    public const string User = "alice";

    public Uri BaseAddress => Client.BaseAddress!;

    public string Token { get; } = ApiToken.New();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var registry = Services.GetRequiredService<IGrainFactory>().GetGrain<IUserRegistryGrain>(IUserRegistryGrain.ClusterKey);
        Assert.True(await registry.AddAsync(User, ApiToken.Hash(Token), isOperator: false, by: "test"));
    }

    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Auth:Mode"] = "tokens";
}
