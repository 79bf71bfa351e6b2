using FinkXmatch.Tests.Generations;

namespace FinkXmatch.Cli.Tests;

/// <summary>The four-generation datalake, its alert-position catalog, and a copy with a night of conflicting types.</summary>
public sealed class GenerationsWorkspace : IAsyncLifetime
{
    public const string ConflictNight = "2026-01-01";

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "fxm-cli-generations-" + Guid.NewGuid().ToString("N"));

    public string Lake => Path.Combine(Directory, "lake");

    public string ConflictLake => Path.Combine(Directory, "conflict-lake");

    public string Catalog => Path.Combine(Directory, "alerts.csv");

    public string NewOutput() => Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".parquet");

    public async Task InitializeAsync()
    {
        GenerationsDatalake.Create(Lake);
        await GenerationsDatalake.WriteCatalogAsync(Lake, Catalog);
        GenerationsDatalake.Create(ConflictLake);
        await GenerationsDatalake.WriteConflictingNightAsync(ConflictLake, ConflictNight);
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// `finkxmatch xmatch` over nights written under four Fink/ZTF schemas (issue 23): packets and nested fields give the
/// union of what each night alone gives, a field no night has or a type two nights disagree on is refused (exit 2).
/// </summary>
public sealed class GenerationsCliTests(GenerationsWorkspace w) : IClassFixture<GenerationsWorkspace>
{
    private string[] Xmatch(string output, params string[] extra) =>
        ["xmatch", "--datalake", w.Lake, "--catalog", w.Catalog, "--radius-arcsec", "5", "--out", output, .. extra];

    [Theory]
    [InlineData("--packet", "light")]
    [InlineData("--packet", "full")]
    [InlineData("--fields", "prv_candidates,candidate.magpsf,cutoutScience")]
    public async Task A_packet_or_nested_fields_over_every_generation_give_the_union_of_the_nights(string option, string value)
    {
        var output = w.NewOutput();
        var outcome = await FinkxmatchProcess.RunAsync(Xmatch(output, "--years", "2019-2025", option, value));
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        if (option == "--packet")
            Assert.Contains(outcome.StderrLines, l => l.StartsWith("fields ", StringComparison.Ordinal) && l.EndsWith(" missing in night 2021-11-03 (null there)", StringComparison.Ordinal)
                && l.Contains("lc_features_g", StringComparison.Ordinal));

        var nights = new List<ResultTable>();
        foreach (var (night, _) in GenerationsDatalake.Nights)
        {
            var alone = w.NewOutput();
            var run = await FinkxmatchProcess.RunAsync(Xmatch(alone, "--start-night", night, "--stop-night", night, option, value));
            Assert.True(run.ExitCode == 0, run.ToString());
            nights.Add(await UnionRows.ReadAsync(alone));
        }
        UnionRows.AssertUnion(await UnionRows.ReadAsync(output), nights);
    }

    [Theory]
    [InlineData("light")]
    [InlineData("medium")]
    [InlineData("full")]
    public async Task The_reported_command_completes(string packet)
    {
        // Issue 23's run: 4LAC at 3600", every pair, over all the nights (only the 2021 night has 4LAC blazars near).
        var output = w.NewOutput();
        var outcome = await FinkxmatchProcess.RunAsync("xmatch", "--datalake", w.Lake, "--catalog", TestData.Path("catalogs/4lac_dr3_l.fits"),
            "--radius-arcsec", "3600", "--match", "all", "--years", "2019-2025", "--packet", packet, "--out", output);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("5 matches in 136 alerts", outcome.Stderr);
        Assert.Equal(5, (await UnionRows.ReadAsync(output)).Rows.Count);
    }

    [Fact]
    public async Task A_field_no_night_has_is_refused_with_the_nearest_names()
    {
        var outcome = await FinkxmatchProcess.RunAsync(Xmatch(w.NewOutput(), "--years", "2019-2021", "--fields", "candidate.magpsf,tns,lc_feature_g"));
        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.StderrLines);
        // t2, a map column of the 2019-2021 nights, is a field too (a map is one field), and the nearest name to tns.
        Assert.Equal("error: unknown alert fields 'tns' (did you mean t2?); 'lc_feature_g' (did you mean lc_features_g, lc_features_r?): use dotted paths such as candidate.magpsf", line);
    }

    [Fact]
    public async Task Nights_giving_a_field_different_types_are_refused_before_the_job()
    {
        var output = w.NewOutput();
        var outcome = await FinkxmatchProcess.RunAsync("xmatch", "--datalake", w.ConflictLake, "--catalog", w.Catalog, "--radius-arcsec", "5",
            "--packet", "light", "--out", output);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("error: " + GenerationsDatalake.ConflictMessage(GenerationsWorkspace.ConflictNight), Assert.Single(outcome.StderrLines));
        Assert.False(File.Exists(output));
    }
}
