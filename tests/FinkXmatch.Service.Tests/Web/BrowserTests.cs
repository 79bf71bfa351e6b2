using System.Diagnostics;
using FinkXmatch.Tests.Generations;
using Parquet;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// Drives the web page in headless Chromium (tests/web/e2e.mjs, playwright-core) against the real host. Needs
/// <c>/usr/bin/chromium</c> and <c>npm ci</c> in tests/web, both of which <c>.ci/run</c> installs. Screenshots
/// of each step go to <c>tests/FinkXmatch.Service.Tests/TestResults/web/{step}/</c>.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class BrowserTests(WebFixture service, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_page_uploads_previews_maps_and_refuses_bad_input() => await RunAsync("page");

    [Fact]
    public async Task The_page_runs_a_crossmatch_and_offers_the_results()
    {
        var artifacts = await RunAsync("page,job");
        // The file the page's download link gave, read by a Parquet reader: it holds the job's matches.
        await using var results = await ParquetReader.CreateAsync(Path.Combine(artifacts, "results.parquet"));
        var rows = Enumerable.Range(0, results.RowGroupCount).Sum(g => results.RowGroups[g].RowCount);
        Assert.True(rows > 0, "the downloaded results hold no row, though the datalake has planted counterparts of 3hsp");
        Assert.Contains(results.Schema.Fields, f => f.Name == "magpsf");
    }

    [Fact]
    public async Task The_page_runs_a_packet_over_years_of_different_schemas()
    {
        // The datalake's years 2019 to 2025 hold nights of four Fink/ZTF schema generations (WebFixture).
        var artifacts = await RunAsync("page,packet");
        var results = await UnionRows.ReadAsync(Path.Combine(artifacts, "packet-results.parquet"));
        Assert.NotEmpty(results.Rows);
        // The full packet's columns are every night's: 2025's tns, 2021's and 2025's tracklet, 2019's DR3Name, ...
        Assert.Superset(new HashSet<string> { "candidate", "prv_candidates", "cutoutScience", "tns", "tracklet", "DR3Name", "lc_features_g", "x4lac" },
            results.Columns.ToHashSet());
        // Rows of the real 2021 night (3HSP blazars lie within a degree of its alerts), read under their own schema.
        var real = new HashSet<string>();
        foreach (var file in GenerationsDatalake.Nights.Single(n => n.Night == "2021-11-03").Files)
            real.UnionWith((await UnionRows.ReadAsync(TestData.Path(file))).Rows.Select(r => (string)r["objectId"]!));
        Assert.Contains(results.Rows, r => real.Contains((string)r["objectId"]!));
        var log = await File.ReadAllLinesAsync(Path.Combine(artifacts, "packet-log.txt"));
        Assert.Contains(log, l => l.Contains(" missing in night", StringComparison.Ordinal) && l.Contains("lc_features_g", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_page_runs_an_lsst_crossmatch() => await RunAsync("lsst");

    private async Task<string> RunAsync(string steps)
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
                     Path.Combine(webTests, "e2e.mjs"), service.BaseAddress.ToString(), artifacts,
                     "--steps", steps, "--catalog", ThreeHsp.FilePath, "--lsst-catalog", await RubinCatalogAsync(),
                 })
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
