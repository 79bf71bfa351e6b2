using System.Diagnostics;
using System.Runtime.InteropServices;

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
/// <c>dotnet finkxmatch.dll ...</c> in a child process, as a user or a script would; or, with the Native methods, the
/// published native <c>finkxmatch-cli</c> (silo/FinkXmatch.Cli/bin/Release/net10.0/RID/publish).
/// </summary>
public static class FinkxmatchProcess
{
    private static readonly Lazy<string> Dll = new(Locate);
    private static readonly Lazy<string> NativeExecutable = new(LocateNative);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static Task<CliOutcome> RunAsync(params string[] args) => RunAsync(Start(args), args);

    /// <summary>The native executable, as <see cref="RunAsync(string[])"/> runs the managed one.</summary>
    public static Task<CliOutcome> RunNativeAsync(params string[] args) => RunAsync(StartNative(args), args);

    private static async Task<CliOutcome> RunAsync(Process started, string[] args)
    {
        using var process = started;
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
    public static Process Start(params string[] args) => Start("dotnet", [Dll.Value, .. args]);

    /// <summary>The native executable, as <see cref="Start"/> starts the managed one.</summary>
    public static Process StartNative(params string[] args) => Start(NativeExecutable.Value, args);

    private static Process Start(string program, string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("FINKXMATCH_DEBUG");
        return Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
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

    // Published, not built: tests/run-tests.sh publishes it before the tests (a few minutes when the code changed).
    private static string LocateNative()
    {
        var publish = Path.Combine(TestData.RepositoryRoot, "silo", "FinkXmatch.Cli", "bin", "Release", "net10.0",
            RuntimeInformation.RuntimeIdentifier, "publish");
        var executable = Path.Combine(publish, "finkxmatch-cli");
        if (!File.Exists(executable))
            throw new FileNotFoundException($"finkxmatch-cli is not published in {publish}: dotnet publish silo/FinkXmatch.Cli -c Release");
        // A binary older than the code it is compiled from would test that older code: `dotnet test` does not publish it.
        var published = File.GetLastWriteTimeUtc(executable);
        var newer = NativeSources().FirstOrDefault(source => File.GetLastWriteTimeUtc(source) > published);
        return newer is null ? executable
            : throw new InvalidOperationException($"finkxmatch-cli in {publish} is older than {Path.GetRelativePath(TestData.RepositoryRoot, newer)}: dotnet publish silo/FinkXmatch.Cli -c Release");
    }

    // The code the native binary is compiled from: its project, the verbs and the core library.
    private static IEnumerable<string> NativeSources() =>
        new[] { Path.Combine("silo", "FinkXmatch.Cli"), Path.Combine("silo", "FinkXmatch.Verbs"), Path.Combine("core", "FinkXmatch.Core") }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(TestData.RepositoryRoot, project), "*", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
}
