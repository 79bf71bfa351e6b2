using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Cli.Tests;

/// <summary>`finkxmatch help` and `finkxmatch datalake generate` as a user runs them.</summary>
public sealed class OtherCommandTests
{
    [Fact]
    public async Task Help_exits_0_and_lists_the_commands()
    {
        var outcome = await FinkxmatchProcess.RunAsync("help");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("finkxmatch xmatch --datalake DIR --catalog FILE --radius-arcsec R", outcome.Stdout);
        Assert.Contains("finkxmatch datalake generate --out DIR --nights N --alerts-per-night N", outcome.Stdout);
        Assert.Contains("2 bad input", outcome.Stdout);
        Assert.Empty(outcome.Stderr);
    }

    [Fact]
    public async Task Datalake_generate_writes_the_nights_asked_for()
    {
        var root = Path.Combine(Path.GetTempPath(), "fxm-cli-gen-" + Guid.NewGuid().ToString("N"));
        try
        {
            var outcome = await FinkxmatchProcess.RunAsync("datalake", "generate", "--out", root, "--nights", "2",
                "--alerts-per-night", "300", "--first-night", "2024-12-31", "--cutout-bytes", "0", "--seed", "3");
            Assert.True(outcome.ExitCode == 0, outcome.ToString());

            var layout = DatalakeLayout.Open(root);
            Assert.Equal(["2024-12-31", "2025-01-01"], layout.Shards.Select(s => s.Name));
            long alerts = 0;
            foreach (var file in layout.Shards.SelectMany(s => s.Files))
            {
                await using var alertFile = await AlertFile.OpenAsync(file);
                alerts += alertFile.RowCount;
            }
            Assert.Equal(600, alerts);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Datalake_generate_writes_lsst_nights_of_the_schema_version_asked_for()
    {
        var root = Path.Combine(Path.GetTempPath(), "fxm-cli-lsst-" + Guid.NewGuid().ToString("N"));
        try
        {
            var catalog = Path.Combine(Path.GetTempPath(), "fxm-cli-lsst-" + Guid.NewGuid().ToString("N") + ".csv");
            await File.WriteAllLinesAsync(catalog, ["name,ra,dec", "A,10.5,-45.25", "B,200.25,-12.5"]);
            var outcome = await FinkxmatchProcess.RunAsync("datalake", "generate", "--out", root, "--nights", "1",
                "--alerts-per-night", "120", "--survey", "lsst", "--schema-version", "9.0", "--cutout-bytes", "0", "--plant", catalog);
            File.Delete(catalog);
            Assert.True(outcome.ExitCode == 0, outcome.ToString());
            Assert.Contains("LSST v9.0 alerts", outcome.Stderr);

            var file = DatalakeLayout.Open(root).Shards.Single().Files.Single();
            var schema = await Parquet.ParquetReader.ReadSchemaAsync(file);
            Assert.Contains(schema.Fields, f => f.Name == "MPCORB");        // v9.0's name of what v10.0 calls mpc_orbits
            Assert.Contains(schema.Fields, f => f.Name == "lc_features");
            var planted = await File.ReadAllLinesAsync(Path.Combine(root, "planted.csv"));
            Assert.Equal(3, planted.Length);                                // the header and both sources
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
