using System.Globalization;
using System.Text.RegularExpressions;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Tests;
using Parquet;

namespace FinkXmatch.Cli.Tests;

/// <summary>`finkxmatch xmatch` run as a child process writes exactly the rows the in-process engine gives.</summary>
public sealed class XmatchCommandTests(CliWorkspace w) : IClassFixture<CliWorkspace>
{
    [Fact]
    public async Task Writes_the_rows_the_engine_gives()
    {
        var output = w.NewOutput();
        var outcome = await FinkxmatchProcess.RunAsync("xmatch", "--datalake", w.Lake, "--catalog", w.Catalog,
            "--ra-column", "ra", "--dec-column", "dec", "--id-column", "name", "--radius-arcsec", "2",
            "--fields", "candidate.magpsf,candidate.jd", "--match", "all", "--threads", "2", "--out", output);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.False(File.Exists(output + ".part"));

        var expected = await EngineRowsAsync(new XmatchOptions(2, MatchMode.All, Fields: ["candidate.magpsf", "candidate.jd"]));
        var actual = await ReadRowsAsync(output);

        Assert.Equal(expected.Columns, await ReadColumnsAsync(output));
        Assert.True(expected.Rows.Count >= CliWorkspace.Sources, $"every planted counterpart matches, got {expected.Rows.Count}");
        Assert.Equal(expected.Rows.Count, actual.Count);
        Assert.Equal(["objectId", "candid", "magpsf", "jd", "separation_arcsec", "name"], expected.Columns);
        for (var i = 0; i < actual.Count; i++)
            for (var c = 0; c < expected.Columns.Count; c++)
                Assert.Equal(expected.Rows[i][c], actual[i].GetValueOrDefault(expected.Columns[c]));
    }

    // A datalake file whose pages cannot be read (zeroed between the leading magic and the footer, which still plans
    // it): the run fails naming the file in one line (exit code 2, the datalake being bad input) and leaves nothing
    // under the requested name, nor the part it was writing beside it.
    [Fact]
    public async Task A_datalake_file_with_damaged_pages_fails_the_run_naming_it_and_leaves_no_file()
    {
        var lake = Path.Combine(w.Directory, "damaged-lake-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.GetFiles(w.Lake, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(lake, Path.GetRelativePath(w.Lake, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        var damaged = Directory.GetFiles(lake, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();
        await using (var stream = new FileStream(damaged, FileMode.Open, FileAccess.ReadWrite))
        {
            var tail = new byte[8];
            stream.Seek(-8, SeekOrigin.End);
            stream.ReadExactly(tail);
            stream.Seek(4, SeekOrigin.Begin);
            stream.Write(new byte[stream.Length - 8 - BitConverter.ToInt32(tail, 0) - 4]);
        }

        var output = w.NewOutput();
        var outcome = await FinkxmatchProcess.RunAsync("xmatch", "--datalake", lake, "--catalog", w.Catalog,
            "--ra-column", "ra", "--dec-column", "dec", "--id-column", "name", "--radius-arcsec", "2", "--threads", "2", "--out", output);
        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Single(outcome.StderrLines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.StartsWith($"error: cannot read datalake file '{damaged}'", outcome.StderrLines[^1], StringComparison.Ordinal);
        Assert.False(File.Exists(output), "no output for a failed run");
        Assert.False(File.Exists(output + ".part"), "the part written is removed");
    }

    [Fact]
    public async Task With_an_index_directory_the_second_run_reads_the_nights_through_the_sky_index_with_the_same_file()
    {
        var index = Path.Combine(w.Directory, "xmatch-index-" + Guid.NewGuid().ToString("N"));
        string[] Args(string output) => ["xmatch", "--datalake", w.Lake, "--catalog", w.Catalog, "--ra-column", "ra", "--dec-column", "dec",
            "--id-column", "name", "--radius-arcsec", "2", "--fields", "candidate.magpsf", "--index-dir", index, "--out", output];
        var (first, second, plain) = (w.NewOutput(), w.NewOutput(), w.NewOutput());
        var building = await FinkxmatchProcess.RunAsync(Args(first));
        Assert.True(building.ExitCode == 0, building.ToString());
        Assert.Contains("full scan, sky index built from it: 2 nights (2025-07-01, 2025-07-02)", building.Stderr);
        var indexed = await FinkxmatchProcess.RunAsync(Args(second));
        Assert.True(indexed.ExitCode == 0, indexed.ToString());
        Assert.Contains("read through the sky index: 2 nights (2025-07-01, 2025-07-02)", indexed.Stderr);

        // Without an index directory: the full scan, nothing written beside the output, and the same bytes.
        var outcome = await FinkxmatchProcess.RunAsync([.. Args(plain).SkipLast(4), "--out", plain]);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.DoesNotContain("sky index", outcome.Stderr);
        Assert.Equal(await File.ReadAllBytesAsync(plain), await File.ReadAllBytesAsync(second));
        Assert.Equal(await File.ReadAllBytesAsync(plain), await File.ReadAllBytesAsync(first));
        Assert.NotEmpty(await ReadRowsAsync(plain));
    }

    [Fact]
    public async Task Writes_the_medium_packet_with_its_history_list()
    {
        var output = w.NewOutput();
        var outcome = await FinkxmatchProcess.RunAsync("xmatch", "--datalake", w.Lake, "--catalog", w.Catalog,
            "--ra-column", "ra", "--dec-column", "dec", "--id-column", "name", "--radius-arcsec", "2", "--packet", "medium", "--out", output);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());

        var expected = await EngineRowsAsync(new XmatchOptions(2, MatchMode.Nearest, Packet: "medium"));
        var actual = await ReadRowsAsync(output);
        Assert.Equal(expected.Rows.Count, actual.Count);
        Assert.Equal(CliWorkspace.Sources, actual.Count);
        Assert.Equal(expected.Columns, await ReadColumnsAsync(output));
        Assert.Contains("prv_candidates", expected.Columns);
        Assert.DoesNotContain("cutoutScience", expected.Columns);
        for (var i = 0; i < actual.Count; i++)
            Assert.Equal((expected.Rows[i][0], expected.Rows[i][1]), (actual[i]["objectId"], actual[i]["candid"]));
    }

    [Fact]
    public async Task One_year_given_as_first_and_last_is_that_year_alone()
    {
        // The workspace's nights are all in 2025: 2025-2025 scans them all, 2024-2024 finds none.
        var output = w.NewOutput();
        var outcome = await FinkxmatchProcess.RunAsync("xmatch", "--datalake", w.Lake, "--catalog", w.Catalog,
            "--ra-column", "ra", "--dec-column", "dec", "--id-column", "name", "--radius-arcsec", "2", "--years", "2025-2025", "--out", output);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("2 nights (2025-07-01 .. 2025-07-02)", outcome.Stderr, StringComparison.Ordinal);
        var expected = await EngineRowsAsync(new XmatchOptions(2, MatchMode.Nearest));
        Assert.Equal(expected.Rows.Count, (await ReadRowsAsync(output)).Count);

        var none = await FinkxmatchProcess.RunAsync(w.Xmatch("--years", "2024-2024"));
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("no night in years 2024-2024", none.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(";", "semicolons.csv", "';' (semicolon)")]
    [InlineData("|", "pipes.csv", "'|' (pipe)")]
    [InlineData("\t", "tabs.csv", "tab")]
    [InlineData("   ", "aligned.txt", "whitespace")]
    public async Task A_catalog_with_another_separator_gives_the_rows_of_the_comma_catalog(string separator, string fileName, string described)
    {
        var catalog = Path.Combine(w.Directory, fileName);
        await File.WriteAllTextAsync(catalog, (await File.ReadAllTextAsync(w.Catalog)).Replace(",", separator, StringComparison.Ordinal));
        var output = w.NewOutput();
        var outcome = await FinkxmatchProcess.RunAsync("xmatch", "--datalake", w.Lake, "--catalog", catalog, "--radius-arcsec", "2",
            "--fields", "candidate.magpsf", "--match", "all", "--out", output);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains($"{CliWorkspace.Sources} sources from {fileName} (values separated by {described})", outcome.Stderr, StringComparison.Ordinal);

        await AssertEngineRowsAsync(output, new XmatchOptions(2, MatchMode.All, Fields: ["candidate.magpsf"]));
    }

    [Fact]
    public async Task The_3hsp_catalog_aligned_with_bare_sexagesimal_values_is_read_whole()
    {
        var catalog = Path.Combine(w.Directory, "3hsp-aligned.txt");
        await File.WriteAllTextAsync(catalog, RewrittenThreeHsp.Write("  ", align: true, bare: RewrittenThreeHsp.SexagesimalColumns));
        var outcome = await FinkxmatchProcess.RunAsync(w.XmatchCatalog(catalog));
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("2,013 sources from 3hsp-aligned.txt (values separated by whitespace)", outcome.Stderr, StringComparison.Ordinal);

        var ambiguous = Path.Combine(w.Directory, "ambiguous.csv");
        await File.WriteAllTextAsync(ambiguous, "name;ra|dec\nA;10|20\nB;11|21\n");
        var refused = await FinkxmatchProcess.RunAsync(w.XmatchCatalog(ambiguous));
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("ambiguous.csv: cannot tell the separator", Assert.Single(refused.StderrLines), StringComparison.Ordinal);
    }

    // A Parquet catalog declares its size in its footer: the nights' reach is then read while its rows load
    // (CatalogPruning.ReadAhead), where a CSV catalog's is read after; the native executable runs that path too.
    [Theory]
    [InlineData("csv", false)]
    [InlineData("parquet", false)]
    [InlineData("parquet", true)]
    public async Task A_big_catalog_is_indexed_where_the_alerts_reach_it_with_the_whole_indexs_rows(string format, bool native)
    {
        // The workspace's sources (each with a counterpart in the datalake) among 150,000 others over the sky.
        var big = Path.Combine(w.Directory, "big-catalog.csv");
        var rng = new Random(150);
        var background = Enumerable.Range(0, 150_000).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"B{i},{rng.NextDouble() * 360:R},{Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI:R}"));
        await File.WriteAllLinesAsync(big, (await File.ReadAllLinesAsync(w.Catalog)).Concat(background));
        if (format == "parquet")
        {
            var csv = big;
            big = Path.ChangeExtension(csv, $"{Guid.NewGuid():N}.parquet");
            using var reader = CatalogReaders.Open(csv);
            await using var stream = File.Create(big);
            await CatalogParquetWriter.WriteAsync(reader, stream);
        }
        var output = w.NewOutput();

        string[] args = ["xmatch", "--datalake", w.Lake, "--catalog", big, "--ra-column", "ra", "--dec-column", "dec",
            "--id-column", "name", "--radius-arcsec", "2", "--fields", "candidate.magpsf,candidate.jd", "--match", "all", "--out", output];
        var outcome = native ? await FinkxmatchProcess.RunNativeAsync(args) : await FinkxmatchProcess.RunAsync(args);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());

        var line = Assert.Single(outcome.StderrLines, l => l.StartsWith("index: ", StringComparison.Ordinal));
        var said = Regex.Match(line, @"^index: ([\d,]+) of 150,120 sources can reach an alert of these nights \(5,000 alerts located in [\d.]+ s\)$");
        Assert.True(said.Success, line);
        Assert.InRange(int.Parse(said.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), CliWorkspace.Sources, 1000);
        await AssertEngineRowsAsync(output, new XmatchOptions(2, MatchMode.All, Fields: ["candidate.magpsf", "candidate.jd"]), big);
    }

    // The output's rows are the in-process engine's (whole index), every planted counterpart among them.
    // The result file is made while the index is built: a job whose index fails (a night's positions cannot be read while
    // a catalog of 60,000 sources, above the pruning's minimum, is pruned; the file's footer, read for the schema, is
    // whole) leaves neither it nor its part file.
    [Fact]
    public async Task A_job_whose_index_fails_leaves_no_file()
    {
        var folder = Path.Combine(w.Directory, "index-fails-" + Guid.NewGuid().ToString("N"));
        var lake = Path.Combine(folder, "lake");
        foreach (var file in Directory.GetFiles(w.Lake, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(lake, Path.GetRelativePath(w.Lake, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        var damaged = Directory.GetFiles(lake, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var bytes = await File.ReadAllBytesAsync(damaged);
        Array.Fill(bytes, (byte)0x5A, 4, bytes.Length / 2);
        await File.WriteAllBytesAsync(damaged, bytes);
        var catalog = Path.Combine(folder, "sixty-thousand.csv");
        var rng = new Random(3);
        await File.WriteAllLinesAsync(catalog, Enumerable.Range(0, 60_000)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"S{i},{rng.NextDouble() * 360:R},{rng.NextDouble() * 100 - 20:R}"))
            .Prepend("name,ra,dec"));
        var output = Path.Combine(folder, "out.parquet");

        var outcome = await FinkxmatchProcess.RunAsync("xmatch", "--datalake", lake, "--catalog", catalog, "--ra-column", "ra", "--dec-column", "dec",
            "--id-column", "name", "--radius-arcsec", "2", "--start-night", "2025-07-01", "--stop-night", "2025-07-01", "--threads", "2", "--out", output);

        Assert.True(outcome.ExitCode is 1 or 2, outcome.ToString());
        Assert.False(File.Exists(output), outcome.ToString());
        Assert.False(File.Exists(output + ".part"), outcome.ToString());
    }

    private async Task AssertEngineRowsAsync(string output, XmatchOptions options, string? catalogPath = null)
    {
        var expected = await EngineRowsAsync(options, catalogPath);
        var actual = await ReadRowsAsync(output);
        Assert.True(expected.Rows.Count >= CliWorkspace.Sources, $"every planted counterpart matches, got {expected.Rows.Count}");
        Assert.Equal(expected.Rows.Count, actual.Count);
        for (var i = 0; i < actual.Count; i++)
            for (var c = 0; c < expected.Columns.Count; c++)
                Assert.Equal(expected.Rows[i][c], actual[i].GetValueOrDefault(expected.Columns[c]));
    }

    // The rows of the in-process engine with the whole catalog's index.
    private async Task<(IReadOnlyList<string> Columns, List<object?[]> Rows)> EngineRowsAsync(XmatchOptions options, string? catalogPath = null)
    {
        SourceCatalog catalog;
        using (var reader = CatalogReaders.Open(catalogPath ?? w.Catalog)) catalog = CatalogLoader.Load(reader, new CatalogSelection("ra", "dec", "name"));
        var plan = await XmatchPlan.CreateAsync(w.Lake, options, catalog.IdColumn);
        var rows = new List<object?[]>();
        await LocalXmatchRunner.RunAsync(plan, catalog, HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, options.RadiusArcsec), (batch, _) =>
        {
            rows.AddRange(batch);
            return ValueTask.CompletedTask;
        }, parallelism: 2);
        return (plan.Result.ColumnNames.ToArray(), rows);
    }

    private static async Task<string[]> ReadColumnsAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        return reader.Schema.Fields.Select(f => f.Name).ToArray();
    }

    private static Task<IList<Dictionary<string, object>>> ReadRowsAsync(string path) => ParquetRows.ReadAsync(path);
}
