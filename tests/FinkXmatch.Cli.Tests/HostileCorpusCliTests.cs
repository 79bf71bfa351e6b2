using FinkXmatch.Tests.Hostile;
using Xunit.Abstractions;

namespace FinkXmatch.Cli.Tests;

/// <summary>
/// The hostile-input corpus (tests/Shared/Hostile) through the real executable: <c>finkxmatch xmatch</c> on each bad
/// catalog exits 2 with one line on stderr that names the problem, no stack trace, and writes no results file.
/// </summary>
public sealed class HostileCorpusCliTests(CliWorkspace w, ITestOutputHelper output) : IClassFixture<CliWorkspace>
{
    public static TheoryData<string> Cases() => new(HostileCorpus.Names(HostileTargets.Cli));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_catalog_exits_2_with_one_line_naming_its_problem(string name)
    {
        var file = HostileCorpus.Files[name];
        // A folder per case: several cases share a file name.
        var folder = Path.Combine(w.Directory, "hostile", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var catalog = Path.Combine(folder, file.FileName);
        await File.WriteAllBytesAsync(catalog, file.Content);
        var results = w.NewOutput();

        var outcome = await FinkxmatchProcess.RunAsync(
            ["xmatch", "--datalake", w.Lake, "--catalog", catalog, "--radius-arcsec", "2", "--out", results, .. file.Selection.CliArgs()]);

        Assert.True(outcome.ExitCode == 2, $"{name}: {outcome}");
        var line = Assert.Single(outcome.StderrLines);
        output.WriteLine(line);
        Assert.True(line.Length < 1000, $"a message of {line.Length} characters is not one readable line");
        Assert.DoesNotContain("   at ", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", outcome.Stderr, StringComparison.Ordinal);
        foreach (var mention in file.CliMentions ?? file.Mentions) Assert.Contains(mention, line, StringComparison.Ordinal);
        Assert.False(File.Exists(results), "a refused run wrote a results file");
        Assert.Equal([catalog], Directory.GetFiles(folder));
    }

    [Fact]
    public void The_corpus_has_at_least_150_cases_and_covers_every_format()
    {
        var files = HostileCorpus.Files.Values;
        Assert.True(files.Count() >= 150, $"only {files.Count()} cases");
        foreach (var extension in new[] { ".csv", ".tsv", ".parquet", ".vot", ".fits", ".xml" })
            Assert.Contains(files, f => f.FileName.EndsWith(extension, StringComparison.Ordinal));
    }
}

/// <summary>The corpus's forging tools change only what they are told to: unchanged, their output still reads whole.</summary>
public sealed class HostileCorpusControlTests
{
    [Fact]
    public void Parquet_surgery_that_changes_nothing_keeps_the_file_readable()
    {
        var valid = ValidCatalogs.Instance;
        foreach (var (name, bytes) in new[]
        {
            ("footer.parquet", ParquetSurgery.Footer(valid.Parquet, (_, v) => v)),
            ("page.parquet", ParquetSurgery.FirstPageHeader(valid.Parquet, (_, v) => v)),
            ("gzip-page.parquet", ParquetSurgery.FirstPageHeader(valid.GzipParquet, (_, v) => v)),
        })
        {
            Assert.Equal(ValidCatalogs.Sources, RowsOf(bytes, name));
        }
    }

    [Fact]
    public void The_valid_catalogs_read_whole()
    {
        var valid = ValidCatalogs.Instance;
        Assert.Equal(ValidCatalogs.Sources, RowsOf(valid.DegreesCsv, "d.csv"));
        Assert.Equal(ValidCatalogs.Sources, RowsOf(valid.DegreesTsv, "d.tsv"));
        Assert.Equal(ValidCatalogs.Sources, RowsOf(valid.GzipParquet, "g.parquet"));
        Assert.Equal(ValidCatalogs.Sources, RowsOf(valid.TableDataVOTable, "t.vot"));
        Assert.Equal(4, RowsOf(valid.Binary2VOTable, "b.vot"));
        Assert.Equal(407, RowsOf(valid.FourLacFits, "4lac.fits"));
        Assert.Equal(2013, RowsOf(valid.ThreeHspCsv, "3hsp.csv"));
    }

    private static int RowsOf(byte[] bytes, string name)
    {
        using var reader = FinkXmatch.Core.Catalogs.CatalogReaders.Open(new MemoryStream(bytes), name);
        var rows = 0;
        while (reader.Read())
        {
            for (var c = 0; c < reader.Columns.Count; c++) reader.GetText(c);
            rows++;
        }
        return rows;
    }
}
