using System.Text.Json;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Sky;
using FinkXmatch.Tests;

namespace FinkXmatch.Cli.Tests;

/// <summary>`finkxmatch index build`, `conesearch` and `region` as a user runs them, against a full scan of the workspace's datalake.</summary>
public sealed class SkySearchCliTests(CliWorkspace w) : IClassFixture<CliWorkspace>
{
    [Fact]
    public async Task Index_build_indexes_every_night_once_and_reports_bytes_per_alert()
    {
        var index = Path.Combine(w.Directory, "index-" + Guid.NewGuid().ToString("N"));
        var first = await FinkxmatchProcess.RunAsync("index", "build", "--datalake", w.Lake, "--index-dir", index);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("2 nights indexed (2 built, 0 already up to date): 5,000 of 5,000 alerts have a position", first.Stderr);
        Assert.Matches(@"\d+\.\d bytes per alert", first.Stderr);
        Assert.True(File.Exists(Path.Combine(index, "ztf", "2025-07-01.parquet")));

        // Each file's scan plan too, so that a job after it parses no footer.
        var files = Directory.GetFiles(w.Lake, "*.parquet", SearchOption.AllDirectories);
        Assert.Contains($"; {files.Length} scan plans written", first.Stderr);
        var store = new FinkXmatch.Core.Datalake.Raw.ScanPlanStore(Path.Combine(index, "plans"));
        Assert.All(files, f => Assert.True(store.Holds(f), f));

        // Again, with the plans gone: no night built, the plans written again.
        Directory.Delete(store.Directory, recursive: true);
        var again = await FinkxmatchProcess.RunAsync("index", "build", "--datalake", w.Lake, "--index-dir", index, "--survey", "ztf");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("(0 built, 2 already up to date)", again.Stderr);
        Assert.Contains($"; {files.Length} scan plans written", again.Stderr);
        Assert.All(files, f => Assert.True(store.Holds(f), f));
        Assert.DoesNotContain("removed", again.Stderr);

        // The index of a night the datalake no longer holds is removed by the next build; the others stay.
        var gone = Path.Combine(index, "ztf", "2024-01-01.parquet");
        File.Copy(Path.Combine(index, "ztf", "2025-07-01.parquet"), gone);
        var swept = await FinkxmatchProcess.RunAsync("index", "build", "--datalake", w.Lake, "--index-dir", index);
        Assert.True(swept.ExitCode == 0, swept.ToString());
        Assert.Contains($"removed 1 file ({new FileInfo(Path.Combine(index, "ztf", "2025-07-01.parquet")).Length:N0} bytes)", swept.Stderr);
        Assert.False(File.Exists(gone));
        Assert.True(File.Exists(Path.Combine(index, "ztf", "2025-07-01.parquet")));
    }

    [Fact]
    public async Task Conesearch_prints_every_alert_within_the_radius_sorted_by_separation()
    {
        var alerts = await AllAlertsAsync();
        var centre = alerts[100];
        var outcome = await FinkxmatchProcess.RunAsync("conesearch", "--datalake", w.Lake, "--index-dir", Path.Combine(w.Directory, "cone-index"),
            "--ra", centre.Ra.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--dec", centre.Dec.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            "--radius", "18000");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var rows = JsonDocument.Parse(outcome.Stdout).RootElement.EnumerateArray().ToArray();
        var expected = alerts.Select(a => (a.Candid, Separation: Separation.Arcsec(centre.Ra, centre.Dec, a.Ra, a.Dec))).Where(a => a.Separation <= 18_000)
            .OrderBy(a => a.Separation).Select(a => a.Candid).ToArray();
        Assert.True(expected.Length > 1);
        Assert.Equal(expected, rows.Select(r => r.GetProperty("candid").GetInt64()));
    }

    [Fact]
    public async Task Region_writes_the_alerts_inside_a_moc_file()
    {
        var alerts = await AllAlertsAsync();
        var cells = alerts.Take(30).Select(a => Healpix.Ang2PixNest(1 << 5, a.Ra, a.Dec)).Distinct().ToArray();
        var moc = Path.Combine(w.Directory, "region.json");
        await File.WriteAllTextAsync(moc, JsonSerializer.Serialize(new Dictionary<string, long[]> { ["5"] = cells }));
        var output = Path.Combine(w.Directory, "region.csv");
        var outcome = await FinkxmatchProcess.RunAsync("region", "--datalake", w.Lake, "--index-dir", Path.Combine(w.Directory, "region-index"),
            "--moc", moc, "--output-format", "csv", "--out", output);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var expected = alerts.Where(a => cells.Contains(Healpix.Ang2PixNest(1 << 5, a.Ra, a.Dec))).Select(a => a.Candid).Order();
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal(expected, lines.Skip(1).Select(l => long.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public async Task Region_with_a_fits_moc_answers_as_with_the_same_moc_in_json_and_as_the_brute_force()
    {
        var alerts = await AllAlertsAsync();
        var index = Path.Combine(w.Directory, "fits-moc-index");
        async Task<long[]> CandidsAsync(string moc)
        {
            var outcome = await FinkxmatchProcess.RunAsync("region", "--datalake", w.Lake, "--index-dir", index, "--moc", moc);
            Assert.True(outcome.ExitCode == 0, outcome.ToString());
            return [.. JsonDocument.Parse(outcome.Stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("candid").GetInt64())];
        }
        var byFits = await CandidsAsync(ZtfDr7Moc.Fits);
        var byInt32Fits = await CandidsAsync(ZtfDr7Moc.Int32Fits);
        var byJson = await CandidsAsync(ZtfDr7Moc.Json);

        var expected = alerts.Where(a => ZtfDr7Moc.Contains(a.Ra, a.Dec)).Select(a => a.Candid).Order().ToArray();
        Assert.InRange(expected.Length, 10, alerts.Count - 10);
        Assert.Equal(expected, byFits.Order());
        Assert.Equal(byJson, byFits);
        Assert.Equal(byJson, byInt32Fits);
    }

    [Fact]
    public async Task A_malformed_fits_moc_exits_2_with_one_line_naming_the_file()
    {
        var bytes = await File.ReadAllBytesAsync(ZtfDr7Moc.Fits);
        var moc = Path.Combine(w.Directory, "damaged.fits");
        await File.WriteAllBytesAsync(moc, bytes[..5000]);
        var outcome = await FinkxmatchProcess.RunAsync("region", "--datalake", w.Lake, "--index-dir", Path.Combine(w.Directory, "bad-index"), "--moc", moc);
        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        var line = Assert.Single(outcome.StderrLines);
        Assert.StartsWith("error: --moc: not a FITS MOC", line);
        Assert.Contains("damaged.fits", line);
        Assert.DoesNotContain("Exception", outcome.Stderr);
    }

    [Theory]
    [InlineData("--radius", "0", "--radius")]
    [InlineData("--radius", "20000", "at most 18,000")]
    [InlineData("--dec", "+91:00:00", "--dec")]
    [InlineData("--startdate", "someday", "--startdate")]
    [InlineData("--output-format", "votable", "--output-format")]
    [InlineData("--columns", "candidate.nope", "candidate.nope")]
    public async Task A_bad_argument_exits_2_with_one_line_naming_it(string option, string value, string mention)
    {
        var args = new Dictionary<string, string> { ["--ra"] = "10", ["--dec"] = "20", ["--radius"] = "5" };
        args[option] = value;
        var outcome = await FinkxmatchProcess.RunAsync(["conesearch", "--datalake", w.Lake, "--index-dir", Path.Combine(w.Directory, "bad-index"),
            .. args.SelectMany(a => new[] { a.Key, a.Value })]);
        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        var line = Assert.Single(outcome.StderrLines);
        Assert.Contains(mention, line);
        Assert.DoesNotContain("Exception", outcome.Stderr);
    }

    private async Task<List<(long Candid, double Ra, double Dec)>> AllAlertsAsync()
    {
        var all = new List<(long, double, double)>();
        await new ShardScanner(ScanColumns.Candid).ScanAsync(DatalakeLayout.Open(w.Lake).Shards.SelectMany(s => s.Files), (_, batch, _) =>
        {
            for (var i = 0; i < batch.Count; i++) all.Add((batch.Candid[i], batch.Ra[i], batch.Dec[i]));
            return ValueTask.CompletedTask;
        });
        return all;
    }
}
