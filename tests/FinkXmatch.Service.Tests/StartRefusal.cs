using FinkXmatch.Service.Tests.Durable;

namespace FinkXmatch.Service.Tests;

/// <summary>The real service refusing its settings at start: exit 2 and one line on its output, <c>error: ...</c>.</summary>
internal static class StartRefusal
{
    /// <summary>Starts the service with <paramref name="args"/> and <paramref name="environment"/>; answers the one line it printed.</summary>
    public static async Task<string> LineAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        using var data = new TempDirectory();
        await using var process = SiloProcess.StartCommand([.. args, "--data-dir", data.Path], environment);
        Assert.Equal(2, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        // The output handlers may still be draining after the exit.
        await Task.Delay(100);
        var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal), process.Output);
        return lines[0];
    }
}
