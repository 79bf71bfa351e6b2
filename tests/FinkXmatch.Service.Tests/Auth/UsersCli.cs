using System.Globalization;
using FinkXmatch.Service.Tests.Durable;
using FinkXmatch.Service.Tests.Hostile;

namespace FinkXmatch.Service.Tests.Auth;

/// <summary>Runs <c>finkxmatch users ...</c>, the real executable, against a running process's gateway.</summary>
internal static class UsersCli
{
    /// <summary>The exit code and everything printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(SandboxedSilo silo, params string[] args)
    {
        await using var command = SiloProcess.StartCommand([.. args, "--gateway-port", silo.GatewayPort.ToString(CultureInfo.InvariantCulture)]);
        var code = await command.WaitForExitAsync(TimeSpan.FromSeconds(60));
        // The output handlers may still be draining after the exit.
        await Task.Delay(100);
        return (code, command.Output);
    }

    /// <summary><c>users add NAME [--operator]</c>: answers the token it printed.</summary>
    public static async Task<string> AddAsync(SandboxedSilo silo, string name, bool isOperator = false)
    {
        var (code, output) = await RunAsync(silo, isOperator ? ["users", "add", name, "--operator"] : ["users", "add", name]);
        Assert.True(code == 0, $"users add {name} exited {code}: {output}");
        return output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("fxm_", StringComparison.Ordinal));
    }
}
