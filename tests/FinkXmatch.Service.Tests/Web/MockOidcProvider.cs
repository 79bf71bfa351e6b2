using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// tests/web/oidc-provider.mjs (oauth2-mock-server, an OpenID Connect provider for tests) as a process on a loopback
/// port: it signs <c>user</c> in without a form, issues RS256 JWTs for <c>audience</c> signed with a key it makes, and
/// refuses a token request without the page's client id, a PKCE verifier or the code's redirect URI.
/// </summary>
internal sealed class MockOidcProvider : IAsyncDisposable
{
    private readonly Process _node;
    private readonly StringBuilder _output = new();

    private MockOidcProvider(Process node, string authority)
    {
        _node = node;
        Authority = authority;
    }

    /// <summary>The issuer, http://127.0.0.1:PORT.</summary>
    public string Authority { get; }

    /// <summary>What it printed: one line per authorization and token request.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static async Task<MockOidcProvider> StartAsync(string user, string clientId, string audience)
    {
        var webTests = Path.Combine(TestData.RepositoryRoot, "tests", "web");
        Assert.True(Directory.Exists(Path.Combine(webTests, "node_modules", "oauth2-mock-server")),
            $"oauth2-mock-server is missing: run npm ci in {webTests} (.ci/run does it)");
        var port = TestPorts.Free().ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("node") { WorkingDirectory = webTests, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "oidc-provider.mjs", "--port", port, "--user", user, "--client-id", clientId, "--audience", audience })
            start.ArgumentList.Add(argument);
        var node = Process.Start(start)!;
        var provider = new MockOidcProvider(node, $"http://127.0.0.1:{port}");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(object? _, DataReceivedEventArgs line)
        {
            if (line.Data is null) return;
            lock (provider._output) provider._output.AppendLine(line.Data);
            if (line.Data.StartsWith("[oidc] issuer ", StringComparison.Ordinal)) ready.TrySetResult();
        }
        node.OutputDataReceived += Read;
        node.ErrorDataReceived += Read;
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        var started = await Task.WhenAny(ready.Task, node.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (started != ready.Task)
        {
            await provider.DisposeAsync();
            Assert.Fail($"oidc-provider.mjs did not start: {provider.Output}");
        }
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_node.HasExited) _node.Kill(entireProcessTree: true);
        await _node.WaitForExitAsync();
        _node.Dispose();
    }
}
