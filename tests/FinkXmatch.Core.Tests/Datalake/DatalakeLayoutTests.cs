using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.Tests.Datalake;

public sealed class DatalakeLayoutTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fxm-layout-" + Guid.NewGuid().ToString("N"));

    public DatalakeLayoutTests()
    {
        Night("2023/12/31", "part-00000.snappy.parquet");
        Night("2024/01/02", "part-00001.snappy.parquet", "part-00000.snappy.parquet", "_SUCCESS", "notes.txt");
        Night("2024/02/29", "part-00000.parquet");
        Night("2025/07/01", "a.parquet");
        Night("2025/07/02");                                             // empty night: ignored
        Directory.CreateDirectory(Path.Combine(_root, "year=2024", "month=1", "day=05"));   // not zero-padded
        File.WriteAllText(Path.Combine(_root, "year=2024", "month=1", "day=05", "x.parquet"), "");
        Directory.CreateDirectory(Path.Combine(_root, "year=2024", "month=02", "day=30")); // impossible date
        File.WriteAllText(Path.Combine(_root, "year=2024", "month=02", "day=30", "x.parquet"), "");
        Directory.CreateDirectory(Path.Combine(_root, "checkpoints", "month=01"));
        File.WriteAllText(Path.Combine(_root, "README"), "");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Night(string ymd, params string[] files)
    {
        var p = ymd.Split('/');
        var dir = Path.Combine(_root, $"year={p[0]}", $"month={p[1]}", $"day={p[2]}");
        Directory.CreateDirectory(dir);
        foreach (var f in files) File.WriteAllText(Path.Combine(dir, f), "");
    }

    [Fact]
    public void ListsOnlyWellFormedNonEmptyNightsSortedWithSortedParquetFiles()
    {
        var layout = DatalakeLayout.Open(_root);
        Assert.Equal(["2023-12-31", "2024-01-02", "2024-02-29", "2025-07-01"], layout.Shards.Select(s => s.Name));
        var jan2 = layout.Shards[1];
        Assert.Equal((2024, 1, 2), (jan2.Year, jan2.Month, jan2.Day));
        Assert.Equal(["part-00000.snappy.parquet", "part-00001.snappy.parquet"], jan2.Files.Select(Path.GetFileName));
        Assert.Equal(Path.Combine(_root, "year=2024", "month=01", "day=02"), jan2.Directory);
        Assert.Equal(new DateOnly(2023, 12, 31), layout.FirstNight);
        Assert.Equal(new DateOnly(2025, 7, 1), layout.LastNight);
    }

    [Fact]
    public void SelectsConsecutiveYears()
    {
        var layout = DatalakeLayout.Open(_root);
        Assert.Equal(["2024-01-02", "2024-02-29", "2025-07-01"], layout.SelectYears(2024, 2025).Select(s => s.Name));
        Assert.Equal(["2023-12-31"], layout.SelectYears(2023, 2023).Select(s => s.Name));
        Assert.Equal(["2023-12-31", "2024-01-02", "2024-02-29"], layout.SelectYears([2023, 2024]).Select(s => s.Name));
    }

    [Fact]
    public void Years_are_a_first_and_a_last_year_inclusive()
    {
        var layout = DatalakeLayout.Open(_root);
        // Fink's page: "If you want only one year of Fink data, just double select the same year".
        Assert.Equal(["2024-01-02", "2024-02-29"], layout.SelectYears([2024, 2024]).Select(s => s.Name));
        Assert.Equal(["2024-01-02", "2024-02-29"], layout.SelectYears([2024]).Select(s => s.Name));
        Assert.Equal(layout.Shards.Select(s => s.Name), layout.SelectYears([2023, 2025]).Select(s => s.Name));
        Assert.Equal(layout.Shards.Select(s => s.Name), layout.SelectYears([2023, 2024, 2025]).Select(s => s.Name));
    }

    [Fact]
    public void RejectsReversedNonConsecutiveAndEmptyYears()
    {
        var layout = DatalakeLayout.Open(_root);
        Assert.Contains("reversed", Assert.Throws<DatalakeException>(() => layout.SelectYears(2025, 2024)).Message);
        Assert.Equal("years [2025, 2024] are reversed: give the first year, then the last, e.g. [2024, 2025]",
            Assert.Throws<DatalakeException>(() => layout.SelectYears([2025, 2024])).Message);
        Assert.Contains("not consecutive", Assert.Throws<DatalakeException>(() => layout.SelectYears([2023, 2024, 2026])).Message);
        Assert.Contains("not consecutive", Assert.Throws<DatalakeException>(() => layout.SelectYears([2023, 2023, 2024])).Message);
        Assert.Contains("no year given", Assert.Throws<DatalakeException>(() => layout.SelectYears([])).Message);
        var none = Assert.Throws<DatalakeException>(() => layout.SelectYears(2019, 2020)).Message;
        Assert.Contains("2023-12-31", none);
        Assert.Contains("2025-07-01", none);
    }

    [Fact]
    public void SelectsInclusiveNightRange()
    {
        var layout = DatalakeLayout.Open(_root);
        Assert.Equal(["2024-01-02", "2024-02-29"],
            layout.SelectNights(new DateOnly(2024, 1, 2), new DateOnly(2024, 2, 29)).Select(s => s.Name));
        Assert.Equal(["2025-07-01"], layout.SelectNights(new DateOnly(2025, 7, 1), new DateOnly(2025, 7, 1)).Select(s => s.Name));
    }

    [Fact]
    public void RejectsReversedOrEmptyNightRange()
    {
        var layout = DatalakeLayout.Open(_root);
        Assert.Contains("reversed",
            Assert.Throws<DatalakeException>(() => layout.SelectNights(new DateOnly(2024, 2, 1), new DateOnly(2024, 1, 1))).Message);
        var none = Assert.Throws<DatalakeException>(() => layout.SelectNights(new DateOnly(2024, 3, 1), new DateOnly(2025, 6, 30))).Message;
        Assert.Contains("from 2023-12-31 to 2025-07-01", none);
    }

    [Fact]
    public void MissingRootIsAnActionableError()
    {
        var missing = Path.Combine(_root, "nope");
        var message = Assert.Throws<DatalakeException>(() => DatalakeLayout.Open(missing)).Message;
        Assert.Contains(missing, message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void ReadsTheRealSampleLayout()
    {
        var layout = DatalakeLayout.Open(TestData.Path("datalake-sample"));
        var shard = Assert.Single(layout.Shards);
        Assert.Equal(new DateOnly(1988, 11, 3), shard.Night);
        Assert.Equal(["part-00002.snappy.parquet", "part-00003.snappy.parquet"], shard.Files.Select(Path.GetFileName));
    }
}
