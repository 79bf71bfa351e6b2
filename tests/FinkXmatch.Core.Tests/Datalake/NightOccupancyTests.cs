using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Datalake.Occupancy;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Sky.Moc;
using FinkXmatch.Core.Tests.Xmatch;

namespace FinkXmatch.Core.Tests.Datalake;

/// <summary>
/// A night's alert occupancy against the pixels of its alert positions read with Apache Parquet C++ (ParquetSharp),
/// for both surveys; the cache scans a night once, keeps it on disk, and scans again when a file changes; a night a
/// job has read (building its sky index) has its occupancy recorded, and served without another read of its files.
/// </summary>
public sealed class NightOccupancyTests : IDisposable
{
    private const int Nside = 1 << NightOccupancy.Order;

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"fxm-occupancy-{Guid.NewGuid():N}");

    private string Lake => Path.Combine(_root, "lake");

    private string Cache => Path.Combine(_root, "occupancy");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_generated_ztf_night_occupies_exactly_the_pixels_of_its_alerts()
    {
        await GenerateZtfAsync(nights: 2);
        var layout = DatalakeLayout.Open(Lake);
        foreach (var night in layout.Shards)
        {
            var expected = ReferenceAlerts.ReadAll(night.Directory).Select(a => Healpix.Ang2PixNest(Nside, a.Ra, a.Dec)).ToHashSet();
            Assert.InRange(expected.Count, 1_000, 3_000); // 3,000 alerts spread over the northern sky: many pixels, a few shared
            Assert.Equal(expected.Order(), CoveredPixels(await NightOccupancy.ScanAsync(Survey.Ztf, night)));
        }
    }

    [Fact]
    public async Task The_real_rubin_night_occupies_exactly_the_pixels_of_its_27_alerts()
    {
        RubinLake.LayOut(Lake);
        var night = DatalakeLayout.Open(Lake).Shards.Single();
        var alerts = RubinLake.Alerts();
        Assert.Equal(27, alerts.Count);
        var expected = alerts.Select(a => Healpix.Ang2PixNest(Nside, a.Ra, a.Dec)).ToHashSet();

        var coverage = await NightOccupancy.ScanAsync(Survey.Lsst, night);

        Assert.Equal(expected.Order(), CoveredPixels(coverage));
        Assert.All(alerts, a => Assert.True(coverage.Contains(a.Ra, a.Dec)));
        Assert.False(coverage.Contains(0, -89.9)); // no Rubin alert of the sample at the south pole
    }

    [Fact]
    public async Task A_night_of_another_survey_is_refused_naming_the_file_and_the_survey()
    {
        RubinLake.LayOut(Lake);
        var night = DatalakeLayout.Open(Lake).Shards.Single();
        var e = await Assert.ThrowsAsync<DatalakeException>(() => NightOccupancy.ScanAsync(Survey.Ztf, night));
        Assert.Contains(night.Files[0], e.Message);
        Assert.Contains("holds LSST alerts, not ZTF ones", e.Message);
    }

    [Fact]
    public async Task The_cache_scans_a_night_once_then_reads_it_from_memory_or_disk()
    {
        await GenerateZtfAsync(nights: 2);
        var nights = DatalakeLayout.Open(Lake).Shards;
        var cache = new AlertOccupancyCache(Cache);

        var first = await cache.CoverageAsync(Survey.Ztf, nights);
        Assert.Equal(2, cache.NightsScanned);
        Assert.True(File.Exists(Path.Combine(Cache, "ztf", nights[0].Name + ".bin")));
        var again = await cache.CoverageAsync(Survey.Ztf, nights);
        Assert.Equal(2, cache.NightsScanned);
        Assert.Equal(first.Key, again.Key);
        Assert.Equal(first.Coverage.NestedBits.ToArray(), again.Coverage.NestedBits.ToArray());

        // A new process (a new cache on the same directory) reads the bitmaps instead of scanning.
        var restarted = new AlertOccupancyCache(Cache);
        var fromDisk = await restarted.CoverageAsync(Survey.Ztf, nights);
        Assert.Equal(0, restarted.NightsScanned);
        Assert.Equal(first.Key, fromDisk.Key);
        Assert.Equal(first.Coverage.NestedBits.ToArray(), fromDisk.Coverage.NestedBits.ToArray());
    }

    [Fact]
    public async Task A_night_whose_file_changed_is_scanned_again_and_shows_the_new_alerts()
    {
        await GenerateZtfAsync(nights: 1);
        var night = DatalakeLayout.Open(Lake).Shards.Single();
        var cache = new AlertOccupancyCache(Cache);
        var before = await cache.CoverageAsync(Survey.Ztf, [night]);

        // The night's file replaced by another generated night (another seed, fewer alerts) under the same name.
        var other = Path.Combine(_root, "other");
        await new DatalakeGenerator(new DatalakeGeneratorOptions(other, night.Night, 1, 500, Seed: 99, CutoutBytes: 0, MaxHistory: 0)).GenerateAsync();
        var replacement = DatalakeLayout.Open(other).Shards.Single().Files.Single();
        File.Copy(replacement, night.Files[0], overwrite: true);
        File.SetLastWriteTimeUtc(night.Files[0], DateTime.UtcNow.AddMinutes(1));

        var after = await cache.CoverageAsync(Survey.Ztf, DatalakeLayout.Open(Lake).Shards);
        Assert.Equal(2, cache.NightsScanned);
        Assert.NotEqual(before.Key, after.Key);
        var expected = ReferenceAlerts.ReadAll(night.Directory).Select(a => Healpix.Ang2PixNest(Nside, a.Ra, a.Dec)).ToHashSet();
        Assert.Equal(expected.Order(), CoveredPixels(after.Coverage));
        // The bitmap kept on disk is now the new file's: a restarted cache reads it without scanning.
        var restarted = new AlertOccupancyCache(Cache);
        Assert.Equal(after.Key, (await restarted.CoverageAsync(Survey.Ztf, DatalakeLayout.Open(Lake).Shards)).Key);
        Assert.Equal(0, restarted.NightsScanned);
    }

    [Fact]
    public async Task A_damaged_cache_file_is_scanned_again()
    {
        await GenerateZtfAsync(nights: 1);
        var night = DatalakeLayout.Open(Lake).Shards.Single();
        var first = await new AlertOccupancyCache(Cache).CoverageAsync(Survey.Ztf, [night]);
        var kept = Path.Combine(Cache, "ztf", night.Name + ".bin");
        File.WriteAllBytes(kept, File.ReadAllBytes(kept)[..100]);

        var cache = new AlertOccupancyCache(Cache);
        var again = await cache.CoverageAsync(Survey.Ztf, [night]);
        Assert.Equal(1, cache.NightsScanned);
        Assert.Equal(first.Coverage.NestedBits.ToArray(), again.Coverage.NestedBits.ToArray());
    }

    [Fact]
    public async Task The_coverage_of_several_nights_is_the_union_of_their_pixels()
    {
        await GenerateZtfAsync(nights: 3);
        var nights = DatalakeLayout.Open(Lake).Shards;
        var expected = ReferenceAlerts.ReadAll(Lake).Select(a => Healpix.Ang2PixNest(Nside, a.Ra, a.Dec)).ToHashSet();

        var coverage = await new AlertOccupancyCache(Cache).CoverageAsync(Survey.Ztf, nights);

        Assert.Equal(3, coverage.Nights);
        Assert.Equal(expected.Order(), CoveredPixels(coverage.Coverage));
        Assert.Equal(expected.Count / (12.0 * Nside * Nside), coverage.Coverage.SkyFraction, 1e-15);
    }

    [Fact]
    public async Task After_a_job_over_ztf_nights_their_occupancy_is_served_without_reading_their_files_again()
    {
        await GenerateZtfAsync(nights: 2);
        var nights = DatalakeLayout.Open(Lake).Shards;
        var alerts = ReferenceAlerts.ReadAll(Lake);
        var expected = alerts.Select(a => Healpix.Ang2PixNest(Nside, a.Ra, a.Dec)).ToHashSet();
        var catalog = new SourceCatalog("c.csv", "id", [alerts[0].Ra, alerts[^1].Ra], [alerts[0].Dec, alerts[^1].Dec], ["a", "b"]);
        await AssertRecordedByTheJobAsync(Survey.Ztf, nights, catalog, EngineRun.Options(1.5, MatchMode.Nearest), expected);
    }

    [Fact]
    public async Task After_a_job_over_the_real_rubin_night_its_occupancy_is_served_without_reading_its_file_again()
    {
        RubinLake.LayOut(Lake);
        var nights = DatalakeLayout.Open(Lake).Shards;
        var alerts = RubinLake.Alerts();
        var expected = alerts.Select(a => Healpix.Ang2PixNest(Nside, a.Ra, a.Dec)).ToHashSet();
        await AssertRecordedByTheJobAsync(Survey.Lsst, nights, RubinLake.AroundAlerts(alerts),
            new XmatchOptions(1.5, MatchMode.Nearest, Survey: Survey.Lsst), expected);
    }

    // One job over the nights with a sky-index store; then every night's file is made unreadable under the same size and
    // last write time (so the nights' stamps still hold): the occupancy must come from what the job recorded.
    private async Task AssertRecordedByTheJobAsync(Survey survey, IReadOnlyList<DatalakeShard> nights, SourceCatalog catalog, XmatchOptions options,
        HashSet<long> expected)
    {
        var index = new SkyIndexStore(Path.Combine(_root, "index"));
        var (_, summary) = await EngineRun.ToFileAsync(Lake, catalog, options, Path.Combine(_root, "result.parquet"), index);
        Assert.All(summary.Nights, n => Assert.Equal(ShardScanPath.FullScanBuildingIndex, n.Path));
        // The job's scan also kept each file's scan plan on disk, beside the index.
        Assert.All(nights.SelectMany(n => n.Files), file => Assert.True(File.Exists(index.Plans.FilePath(file)), file));
        foreach (var file in nights.SelectMany(n => n.Files))
        {
            var written = File.GetLastWriteTimeUtc(file);
            File.WriteAllBytes(file, new byte[new FileInfo(file).Length]);
            File.SetLastWriteTimeUtc(file, written);
        }
        // Without the record the files must be read, and now cannot be.
        await Assert.ThrowsAsync<DatalakeException>(() => new AlertOccupancyCache(Path.Combine(_root, "plain")).CoverageAsync(survey, nights));

        var cache = new AlertOccupancyCache(Cache, recorded: index);
        var coverage = await cache.CoverageAsync(survey, nights);

        Assert.Equal(0, cache.NightsScanned);
        Assert.Equal(expected.Order(), CoveredPixels(coverage.Coverage));
    }

    private static long[] CoveredPixels(SkyCoverage coverage)
    {
        Assert.Equal(NightOccupancy.Order, coverage.Order);
        var pixels = new List<long>();
        for (long p = 0; p < 12L * Nside * Nside; p++)
            if (coverage.ContainsPixel(p)) pixels.Add(p);
        Assert.Equal(pixels.Count, coverage.CoveredPixelCount);
        return [.. pixels];
    }

    private Task GenerateZtfAsync(int nights) =>
        new DatalakeGenerator(new DatalakeGeneratorOptions(Lake, new DateOnly(2025, 3, 1), nights, 3_000, Seed: 5, CutoutBytes: 0,
            RowGroupSize: 1_000, MaxHistory: 0)).GenerateAsync();
}
