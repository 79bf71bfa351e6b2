using System.Diagnostics;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// Runs tests/web/e2e.mjs (playwright-core, headless Chromium) against a real host. Needs <c>/usr/bin/chromium</c> and
/// <c>npm ci</c> in tests/web, both of which <c>.ci/run</c> installs. Screenshots of each step go to
/// <c>tests/FinkXmatch.Service.Tests/TestResults/web/{steps}/</c>.
/// </summary>
internal static class BrowserRun
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    // One run at a time per artifact folder: two test classes run the same steps (the cone search, signed in or not) in
    // parallel, and a run starts by emptying its folder, which removed the other run's screenshots as it counted them.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Folders = new();

    /// <summary>Runs e2e.mjs <paramref name="steps"/> against <paramref name="baseAddress"/>, with <paramref name="extra"/> arguments; answers its artifact folder.</summary>
    public static async Task<string> RunAsync(Uri baseAddress, string steps, ITestOutputHelper output, params string[] extra)
    {
        var folder = Folders.GetOrAdd(steps, _ => new SemaphoreSlim(1, 1));
        await folder.WaitAsync();
        try
        {
            return await RunAloneAsync(baseAddress, steps, output, extra);
        }
        finally
        {
            folder.Release();
        }
    }

    private static async Task<string> RunAloneAsync(Uri baseAddress, string steps, ITestOutputHelper output, string[] extra)
    {
        var webTests = Path.Combine(TestData.RepositoryRoot, "tests", "web");
        Assert.True(File.Exists("/usr/bin/chromium") || Environment.GetEnvironmentVariable("CHROMIUM") is not null,
            "Chromium is missing: apt-get install chromium (.ci/run does it)");
        Assert.True(Directory.Exists(Path.Combine(webTests, "node_modules", "playwright-core")),
            $"playwright-core is missing: run npm ci in {webTests} (.ci/run does it)");
        var artifacts = Path.Combine(TestData.RepositoryRoot, "tests", "FinkXmatch.Service.Tests", "TestResults", "web",
            steps.Replace(',', '-'));
        if (Directory.Exists(artifacts)) Directory.Delete(artifacts, recursive: true);

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = webTests,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(webTests, "e2e.mjs"), baseAddress.ToString(), artifacts,
                     "--steps", steps, "--catalog", ThreeHsp.FilePath, "--lsst-catalog", await RubinCatalogAsync(),
                 }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }
        var log = (await stdout) + (await stderr);
        output.WriteLine(log);
        Assert.True(node.ExitCode == 0, $"e2e.mjs --steps {steps} exited with {node.ExitCode} (screenshots in {artifacts}):\n{log}");
        Assert.Contains($"[e2e] passed: {steps.Replace(",", ", ")}", log);
        Assert.NotEmpty(Directory.GetFiles(artifacts, "*.png"));
        return artifacts;
    }

    // A source beside each alert of the service's LSST night, as a file the page's picker can upload.
    private static async Task<string> RubinCatalogAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "finkxmatch-e2e-rubin_sources.csv");
        await File.WriteAllTextAsync(path, await Lsst.RubinNight.CatalogCsvAsync());
        return path;
    }
}
