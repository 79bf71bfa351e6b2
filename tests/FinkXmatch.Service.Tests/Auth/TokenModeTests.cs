using FinkXmatch.Grains.Users;
using FinkXmatch.Service.Tests.Hostile;

namespace FinkXmatch.Service.Tests.Auth;

/// <summary>
/// <c>Auth:Mode=tokens</c> on a real process: users made with <c>finkxmatch users add</c> against its gateway, the
/// authorization matrix, hostile credentials, revocation taking effect at once, the audit lines, and no token in
/// anything the test can see (the process's whole output, every body answered).
/// </summary>
public sealed class TokenModeTests
{
    [Fact]
    public async Task Tokens_mode_authorizes_every_endpoint_and_keeps_tokens_secret()
    {
        await using var silo = await SandboxedSilo.StartAsync(AuthSettings.With(new() { ["AUTH__MODE"] = "tokens" }));
        var alice = await UsersCli.AddAsync(silo, "alice");
        var bob = await UsersCli.AddAsync(silo, "bob");
        var olga = await UsersCli.AddAsync(silo, "olga", isOperator: true);
        Assert.Equal(3, new[] { alice, bob, olga }.Distinct().Count());

        var (listed, list) = await UsersCli.RunAsync(silo, "users", "list");
        Assert.Equal(0, listed);
        Assert.Matches(@"(?m)^alice\tuser\tcreated \S+\tactive", list);
        Assert.Matches(@"(?m)^olga\toperator\t", list);
        var (again, exists) = await UsersCli.RunAsync(silo, "users", "add", "alice");
        Assert.True(again == 2 && exists.Contains("user 'alice' exists", StringComparison.Ordinal), exists);

        var matrix = new AuthorizationMatrix(silo, "alice", alice, bob, "olga", olga, usersStatus: 200);
        await matrix.RunAsync();

        await matrix.RefusedAsync("basic credentials", "Basic YWxpY2U6cGFzc3dvcmQ=");
        await matrix.RefusedAsync("an empty bearer", "Bearer");
        await matrix.RefusedAsync("a bearer of spaces", "Bearer    ");
        await matrix.RefusedAsync("a token cut short", $"Bearer {alice[..20]}");
        await matrix.RefusedAsync("an unknown token", $"Bearer {ApiToken.New()}");
        await matrix.RefusedAsync("a token with a byte changed", $"Bearer {alice[..^1]}{(alice[^1] == 'A' ? 'B' : 'A')}");
        await matrix.RefusedAsync("two headers", $"Bearer {alice}", $"Bearer {bob}");
        await matrix.RefusedAsync("a 16 kB token", $"Bearer fxm_{new string('x', 16_000)}");
        await matrix.RefusedAsync("a JWT in tokens mode", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJvbGdhIn0.");

        // Revoked: refused on the next request.
        var (revoked, revokeOutput) = await UsersCli.RunAsync(silo, "users", "revoke", "bob");
        Assert.True(revoked == 0, revokeOutput);
        await matrix.RefusedAsync("a revoked token", $"Bearer {bob}");
        var (unknown, unknownOutput) = await UsersCli.RunAsync(silo, "users", "revoke", "nobody");
        Assert.True(unknown == 2 && unknownOutput.Contains("no active user 'nobody'", StringComparison.Ordinal), unknownOutput);

        var output = silo.Process.Output;
        foreach (var token in new[] { alice, bob, olga })
        {
            Assert.DoesNotContain(token, output, StringComparison.Ordinal);
            Assert.All(matrix.Bodies, body => Assert.DoesNotContain(token, body, StringComparison.Ordinal));
            // Nor its stored form.
            Assert.DoesNotContain(ApiToken.Hash(token), output, StringComparison.Ordinal);
        }
        AuthSettings.AssertAudited(output, "alice", "olga");
        Assert.Contains("audit user-revoke by cli:", output, StringComparison.Ordinal);
        Assert.Contains("audit user-add-operator by cli:", output, StringComparison.Ordinal);
    }
}
