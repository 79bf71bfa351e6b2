using FinkXmatch.Tests.Generations;
using Parquet;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>Drives the web page in headless Chromium (<see cref="BrowserRun"/>) against the real host.</summary>
[Collection(WebCollection.Name)]
public sealed class BrowserTests(WebFixture service, ITestOutputHelper output)
{
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

    [Fact]
    public async Task The_page_searches_a_cone_as_the_api_answers_and_draws_it() =>
        await BrowserRun.RunAsync(service.BaseAddress, "cone", output, await ConeSearchStep.ArgumentsAsync(service.Datalake));

    private Task<string> RunAsync(string steps) => BrowserRun.RunAsync(service.BaseAddress, steps, output);
}
