using System.Globalization;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// The cache's indexes for a job's nights, on two real ZTF nights of one file each and a catalog file holding a source
/// next to every alert among 1,000 over the sky: pruned (with the rule's thresholds lowered to these few alerts), built
/// once for concurrent shards, again when a night's file changes; the shared whole index where pruning does not pay.
/// </summary>
public sealed class CatalogIndexCacheTests : IDisposable
{
    private const double Radius = 1.5;
    private const int Background = 1000;
    private static readonly CatalogSelection Selection = new("ra", "dec", "id");
    private readonly string _dir = Directory.CreateTempSubdirectory("fxm-index-cache-").FullName;
    private readonly string _night1;
    private readonly string _night2;
    private readonly string _catalog;
    private readonly int _sources;

    public CatalogIndexCacheTests()
    {
        var sample = Path.Combine(TestData.Path("datalake-sample"), "year=1988", "month=11", "day=03");
        _night1 = Path.Combine(_dir, "lake", "year=1988", "month=11", "day=03", "part-00002.snappy.parquet");
        _night2 = Path.Combine(_dir, "lake", "year=1988", "month=11", "day=04", "part-00003.snappy.parquet");
        foreach (var to in new[] { _night1, _night2 })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(Path.Combine(sample, Path.GetFileName(to)), to);
        }
        var rng = new Random(20);
        var near = ReferenceAlerts.ReadAll(Path.Combine(_dir, "lake")).Select(a => (a.Ra, Dec: Math.Clamp(a.Dec + 0.5 / 3600, -90, 90)));
        var far = Enumerable.Range(0, Background).Select(_ => (Ra: rng.NextDouble() * 360, Dec: Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI));
        var lines = near.Concat(far).Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"s{i},{p.Ra:R},{p.Dec:R}")).ToList();
        _sources = lines.Count;
        _catalog = Path.Combine(_dir, "catalog.csv");
        File.WriteAllLines(_catalog, lines.Prepend("id,ra,dec"));
    }

    // One alert per source at most prunes: the sample's 124 alerts against 1,124 sources.
    private static CatalogIndexCache Pruning() => new() { PruneMinSources = 0, PruneAlertsPerSource = 1 };

    private async Task<IReadOnlyList<DatalakeShard>> NightsAsync() =>
        (await XmatchPlan.CreateAsync(Path.Combine(_dir, "lake"), new XmatchOptions(Radius, MatchMode.Nearest), "id")).Shards;

    [Fact]
    public async Task The_shards_of_a_job_asking_at_once_share_one_pruned_index()
    {
        var cache = Pruning();
        var nights = await NightsAsync();

        var asked = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => cache.GetIndexAsync(_catalog, Selection, Radius, nights, parallelism: 2))));

        Assert.Equal(1, cache.NightIndexesBuilt);
        Assert.All(asked, a => Assert.Same(asked[0], a));
        var built = asked[0];
        Assert.True(built.Pruned);
        Assert.Equal(124, built.AlertsRead);
        // Every alert's neighbour kept, most of the background left out.
        Assert.InRange(built.Index.IndexedSourceCount, 124, _sources - Background / 2);
        Assert.NotSame(await cache.GetIndexAsync(_catalog, Selection, Radius), built.Index);
        Assert.StartsWith($"index: {built.Index.IndexedSourceCount:N0} of {_sources:N0} sources can reach an alert of these nights (124 alerts located in ",
            built.DescribePruning(_sources), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_night_whose_file_changed_gets_an_index_of_its_new_alerts()
    {
        var cache = Pruning();
        var nights = await NightsAsync();
        var before = await cache.GetIndexAsync(_catalog, Selection, Radius, nights, parallelism: 2);
        Assert.Same(before, await cache.GetIndexAsync(_catalog, Selection, Radius, nights, parallelism: 2));

        // Rewritten in place: the first night now holds the second's alerts, so the first's neighbours are no longer reached.
        await File.WriteAllBytesAsync(_night1, await File.ReadAllBytesAsync(_night2));
        var after = await cache.GetIndexAsync(_catalog, Selection, Radius, nights, parallelism: 2);

        Assert.Equal(2, cache.NightIndexesBuilt);
        Assert.True(after.Pruned);
        Assert.Equal(2 * ReferenceAlerts.ReadAll(Path.GetDirectoryName(_night2)!).Count, after.AlertsRead);
        Assert.True(after.Index.IndexedSourceCount < before.Index.IndexedSourceCount,
            $"{after.Index.IndexedSourceCount} sources after, {before.Index.IndexedSourceCount} before");
        Assert.Same(after, await cache.GetIndexAsync(_catalog, Selection, Radius, nights, parallelism: 2));
    }

    [Fact]
    public async Task A_catalog_below_the_minimum_gets_the_shared_whole_index_without_looking_at_the_nights()
    {
        var cache = new CatalogIndexCache();
        var nights = await NightsAsync();

        var job = await cache.GetIndexAsync(_catalog, Selection, Radius, nights, parallelism: 2);

        Assert.False(job.Pruned);
        Assert.Same(await cache.GetIndexAsync(_catalog, Selection, Radius), job.Index);
        Assert.Equal(_sources, job.Index.IndexedSourceCount);
        Assert.Equal(0, cache.NightIndexesBuilt);
    }

    [Fact]
    public async Task Nights_with_too_many_alerts_per_source_get_the_shared_whole_index_decided_once()
    {
        var cache = new CatalogIndexCache { PruneMinSources = 0, PruneAlertsPerSource = 0 };
        var nights = await NightsAsync();

        var first = await cache.GetIndexAsync(_catalog, Selection, Radius, nights, parallelism: 2);
        var second = await cache.GetIndexAsync(_catalog, Selection, Radius, nights, parallelism: 2);

        Assert.False(first.Pruned);
        Assert.Same(await cache.GetIndexAsync(_catalog, Selection, Radius), first.Index);
        Assert.Same(first.Index, second.Index);
        Assert.Equal(1, cache.NightIndexesBuilt);
    }

    // A night whose file cannot be read is left out of the service's pruned index (its error kept, naming the file), the
    // other night is covered: its rows with that index are the brute force's. Such an index is not remembered: the file
    // repaired (same size and time, so the same stamp), the next job's index covers both. A job alone fails instead.
    // Zeros throughout: no footer (the alerts' count fails); zeros between the leading magic and the footer: the positions do.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_night_that_cannot_be_read_is_left_out_of_an_index_not_remembered_the_others_rows_whole(bool footerKept)
    {
        var cache = Pruning();
        var nights = await NightsAsync();
        var good = await File.ReadAllBytesAsync(_night1);
        var written = File.GetLastWriteTimeUtc(_night1);
        var damaged = new byte[good.Length];
        var footer = footerKept ? BitConverter.ToInt32(good, good.Length - 8) + 8 : 0;
        if (footerKept)
        {
            good.AsSpan(0, 4).CopyTo(damaged);
            good.AsSpan(good.Length - footer).CopyTo(damaged.AsSpan(good.Length - footer));
        }
        await File.WriteAllBytesAsync(_night1, damaged);
        File.SetLastWriteTimeUtc(_night1, written);

        var built = await cache.GetIndexAsync(_catalog, Selection, Radius, nights, parallelism: 2);

        Assert.True(built.Pruned);
        var unread = Assert.Single(built.Unread);
        Assert.Equal(nights[0].Name, unread.Key);
        Assert.Contains($"datalake file '{_night1}'", unread.Value.Message, StringComparison.Ordinal);
        Assert.True(footerKept == unread.Value.Message.Contains("(row group ", StringComparison.Ordinal), unread.Value.Message);
        var otherAlerts = ReferenceAlerts.ReadAll(Path.GetDirectoryName(_night2)!);
        Assert.Equal(otherAlerts.Count, built.AlertsRead);
        SourceCatalog catalog;
        using (var reader = CatalogReaders.Open(_catalog)) catalog = CatalogLoader.Load(reader, Selection);
        var other = await XmatchPlan.CreateAsync(Path.Combine(_dir, "lake"),
            EngineRun.Options(Radius, MatchMode.Nearest) with { StartNight = nights[1].Night, StopNight = nights[1].Night }, "id");
        var result = Path.Combine(_dir, "other-night.parquet");
        await using (var writer = new ResultParquetWriter(other.Result.Schema, File.Create(result)))
            await LocalXmatchRunner.RunAsync(other, catalog, built.Index, (rows, ct) => new ValueTask(writer.WriteAsync(rows, ct)), parallelism: 2);
        var (_, rows) = ResultRows.Read(result, "id");
        Assert.Equal(otherAlerts.Count, rows.Count);
        ResultAssert.EqualsReference(new BruteForceXmatch(otherAlerts, catalog.RaDeg, catalog.DecDeg, catalog.Ids, Radius), Radius, MatchMode.Nearest, rows);
        var alone = await Assert.ThrowsAsync<DatalakeException>(() => CatalogPruning.BuildIndexAsync(catalog, nights, Radius, 2, 0, 1, CancellationToken.None));
        Assert.Contains(_night1, alone.Message, StringComparison.Ordinal);

        await File.WriteAllBytesAsync(_night1, good);
        File.SetLastWriteTimeUtc(_night1, written);
        var again = await cache.GetIndexAsync(_catalog, Selection, Radius, nights, parallelism: 2);
        Assert.Equal(2, cache.NightIndexesBuilt);
        Assert.Empty(again.Unread);
        Assert.Equal(124, again.AlertsRead);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
