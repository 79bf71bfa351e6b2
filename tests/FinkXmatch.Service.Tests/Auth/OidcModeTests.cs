using FinkXmatch.Service.Tests.Hostile;

namespace FinkXmatch.Service.Tests.Auth;

/// <summary>
/// <c>Auth:Mode=oidc</c> on a real process trusting <see cref="TestOidcProvider"/> (a signing key made by the test): the
/// authorization matrix with JWTs, hostile JWTs answered 401 problem+json, and no JWT in anything the test can see.
/// </summary>
public sealed class OidcModeTests
{
    [Fact]
    public async Task Oidc_mode_authorizes_every_endpoint_and_refuses_forged_tokens()
    {
        await using var provider = await TestOidcProvider.StartAsync();
        await using var silo = await SandboxedSilo.StartAsync(AuthSettings.With(new()
        {
            ["AUTH__MODE"] = "oidc",
            ["AUTH__OIDC__AUTHORITY"] = provider.Authority,
            ["AUTH__OIDC__AUDIENCE"] = TestOidcProvider.Audience,
            ["AUTH__OIDC__REQUIREHTTPSMETADATA"] = "false",
        }));
        var alice = provider.Token("alice");
        var bob = provider.Token("bob");
        var olga = provider.Token("olga", isOperator: true);

        var matrix = new AuthorizationMatrix(silo, "alice", alice, bob, "olga", olga, usersStatus: 409);
        await matrix.RunAsync();

        // Each refused, with the reason in the service's words.
        var hostile = new (string Name, string Token, string Why)[]
        {
            ("expired", provider.Expired("alice"), "the JWT has expired"),
            ("wrong signature", provider.WrongSignature("olga"), "signature is not the provider's"),
            ("tampered signature", provider.Tampered("olga"), "signature is not the provider's"),
            ("wrong issuer", provider.WrongIssuer("olga"), $"was not issued by {provider.Authority}"),
            ("another audience", provider.WrongAudience("olga"), "is not for this service"),
            ("alg none", provider.Unsigned("olga"), "the JWT"),
            ("not a JWT", "not.a.jwt", "not a JWT"),
            ("an API token", "fxm_" + new string('A', 43), "not a JWT"),
        };
        foreach (var (name, token, why) in hostile)
        {
            var detail = await matrix.RefusedAsync(name, $"Bearer {token}");
            Assert.True(detail.Contains(why, StringComparison.Ordinal), $"{name}: {detail}");
        }
        await matrix.RefusedAsync("malformed header", "Bearer");
        await matrix.RefusedAsync("basic credentials", "Basic YWxpY2U6cGFzc3dvcmQ=");

        var output = silo.Process.Output;
        foreach (var token in new[] { alice, bob, olga }.Concat(hostile.Select(h => h.Token)))
        {
            Assert.DoesNotContain(token, output, StringComparison.Ordinal);
            Assert.All(matrix.Bodies, body => Assert.DoesNotContain(token, body, StringComparison.Ordinal));
        }
        AuthSettings.AssertAudited(output, "alice", "olga");
    }
}
