using System.Diagnostics;

namespace FinkXmatch.Cli.Tests;

/// <summary>What one run of the executable did.</summary>
public sealed record CliOutcome(int ExitCode, string Stdout, string Stderr)
{
    public IReadOnlyList<string> StderrLines =>
        Stderr.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>
/// Runs the real built <c>finkxmatch.dll</c> (silo/FinkXmatch.Silo/bin/&lt;configuration&gt;/net10.0) as
/// <c>dotnet finkxmatch.dll ...</c> in a child process, as a user or a script would.
/// </summary>
public static class FinkxmatchProcess
{
    private static readonly Lazy<string> Dll = new(Locate);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<CliOutcome> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"finkxmatch {string.Join(' ', args)} did not finish in {Timeout.TotalSeconds} s");
        }
        return new CliOutcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the executable without waiting (a broker, or a run the test kills); output is redirected.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll.Value);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("FINKXMATCH_DEBUG");
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static string Locate()
    {
#if DEBUG
        string[] configurations = ["Debug", "Release"];
#else
        string[] configurations = ["Release", "Debug"];
#endif
        var silo = Path.Combine(TestData.RepositoryRoot, "silo", "FinkXmatch.Silo", "bin");
        foreach (var configuration in configurations)
        {
            var dll = Path.Combine(silo, configuration, "net10.0", "finkxmatch.dll");
            if (File.Exists(dll)) return dll;
        }
        throw new FileNotFoundException($"finkxmatch.dll is not built under {silo}");
    }
}
