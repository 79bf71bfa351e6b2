using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Occupancy;
using FinkXmatch.Core.Datalake.Raw;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.Storage;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// Nights planned ahead of their jobs (<see cref="NightsAheadPlanner"/>) on the real ZTF sample night and the real
/// Rubin night: afterwards every file has its scan plan on disk and each night its sky index and its occupancy (the
/// pixels of the positions Apache Parquet C++ reads), a job over them reads no footer and builds nothing, and gives
/// the bytes of a plain full scan; a round finds nothing more to do, a changed file is planned again, an unreadable one
/// is told once.
/// </summary>
public sealed class NightsAheadPlannerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"fxm-ahead-{Guid.NewGuid():N}");

    public NightsAheadPlannerTests() => RubinLake.LayOut(Rubin);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Ztf => TestData.Path("datalake-sample");

    private string Rubin => Path.Combine(_dir, "rubin");

    private SkyIndexStore NewStore() => new(Path.Combine(_dir, "index"));

    private NightsAheadPlanner Planner(SkyIndexStore store, string? ztf = null) =>
        new(new SurveyDatalakes(null, new Dictionary<string, string> { ["ztf"] = ztf ?? Ztf, ["lsst"] = Rubin }), store);

    [Fact]
    public async Task Planned_nights_hold_plans_index_and_occupancy_and_their_first_job_reads_no_footer_and_gives_the_full_scans_rows()
    {
        var store = NewStore();
        var told = new List<PlannedNight>();
        Assert.Equal(2, await Planner(store).RunRoundAsync(told.Add));

        // Newest night first: the Rubin night (2026) before the ZTF sample's.
        Assert.Equal([(Survey.Lsst, RubinLake.Night), (Survey.Ztf, "1988-11-03")], told.Select(n => (n.Survey, n.Night.Name)));
        Assert.All(told, n => Assert.True(n.Error is null && n.Made is { IndexBuilt: true, OccupancyRecorded: false }, n.Error?.ToString()));
        var files = told.SelectMany(n => n.Night.Files).ToArray();
        Assert.Equal(3, files.Length);
        Assert.Equal(files.Length, told.Sum(n => n.Made!.PlansWritten));
        Assert.All(files, f => Assert.True(store.Plans.Holds(f), f));
        foreach (var (survey, night, positions) in new[]
                 {
                     (Survey.Ztf, told[1].Night, ReferenceAlerts.ReadAll(Ztf).Select(a => (a.Ra, a.Dec)).ToArray()),
                     (Survey.Lsst, told[0].Night, RubinLake.Alerts().Select(a => (a.Ra, a.Dec)).ToArray()),
                 })
        {
            Assert.True(File.Exists(store.FilePath(survey, night.Night)));
            Assert.Equal(positions.Length, (await store.TryGetAsync(survey, night))!.Header.Alerts);
            var coverage = store.TryGetOccupancy(survey, night, NightStamp.Of(night))!;
            var pixels = positions.Where(p => p.Dec is >= -90 and <= 90).Select(p => Healpix.Ang2PixNest(1 << NightOccupancy.Order, p.Ra, p.Dec)).ToHashSet();
            Assert.Equal(pixels.Count, coverage.CoveredPixelCount);
            Assert.All(pixels, p => Assert.True(coverage.ContainsPixel(p)));
        }

        // Nothing more to do, and nothing read to find that out but the plans, indexes and occupancies.
        Assert.Equal(0, await Planner(NewStore()).RunRoundAsync(n => Assert.Fail($"{n.Night} planned again")));

        // A new process: its plans come from disk, no footer read.
        var later = NewStore();
        foreach (var path in files)
            await using (var file = await AlertFile.OpenAsync(path, new ScanPlanCache(1 << 10), disk: later.Plans)) Assert.True(file.RowCount > 0);
        Assert.Equal((files.Length, 0L, 0L), (later.Plans.PlansLoaded, later.Plans.FootersRead, later.Plans.PlansWritten));

        // A job over both surveys' nights, through a store on the same directory: no footer read, no index built, the bytes of a full scan.
        foreach (var (root, survey, catalog) in new[] { (Ztf, Survey.Ztf, NearEveryThird(ReferenceAlerts.ReadAll(Ztf).Select(a => (a.Ra, a.Dec)))),
                     (Rubin, Survey.Lsst, NearEveryThird(RubinLake.Alerts().Select(a => (a.Ra, a.Dec)))) })
        {
            var options = new XmatchOptions(1.5, MatchMode.All, Survey: survey);
            var (full, planned) = (Path.Combine(_dir, $"full-{survey.Name}.parquet"), Path.Combine(_dir, $"planned-{survey.Name}.parquet"));
            var (_, fullRun) = await EngineRun.ToFileAsync(root, catalog, options, full);
            var job = NewStore();
            var (_, plannedRun) = await EngineRun.ToFileAsync(root, catalog, options, planned, job);
            Assert.True(fullRun.Matches > 0);
            Assert.All(plannedRun.Nights, n => Assert.Equal(ShardScanPath.SkyIndex, n.Path));
            Assert.Equal((0L, 0L, 0L), (job.Plans.FootersRead, job.Plans.PlansWritten, job.NightsBuilt));
            Assert.Equal(File.ReadAllBytes(full), File.ReadAllBytes(planned));
        }
    }

    [Fact]
    public async Task A_night_whose_file_changed_is_planned_again_and_an_unreadable_one_is_told_once()
    {
        var ztf = Path.Combine(_dir, "ztf");
        var night = Path.Combine(ztf, "year=1988", "month=11", "day=03");
        Directory.CreateDirectory(night);
        foreach (var file in Directory.GetFiles(Path.Combine(Ztf, "year=1988", "month=11", "day=03")))
            File.Copy(file, Path.Combine(night, Path.GetFileName(file)));
        var broken = Path.Combine(ztf, "year=1988", "month=11", "day=04");
        Directory.CreateDirectory(broken);
        await File.WriteAllTextAsync(Path.Combine(broken, "part-00000.parquet"), "not parquet");
        var store = NewStore();
        var planner = Planner(store, ztf);

        var told = new List<PlannedNight>();
        Assert.Equal(2, await planner.RunRoundAsync(told.Add));   // the good ZTF night and the Rubin night
        Assert.Equal(3, told.Count);
        var failed = Assert.Single(told, n => n.Error is not null);
        Assert.Equal("1988-11-04", failed.Night.Name);
        Assert.IsType<DatalakeException>(failed.Error);
        Assert.Contains("part-00000.parquet", failed.Error!.Message, StringComparison.Ordinal);

        // The next round reads nothing: the broken night is not tried again while its file stays as it is.
        Assert.Equal(0, await planner.RunRoundAsync(n => Assert.Fail($"{n.Night} planned again")));

        // One file of the good night rewritten (a later time): its plan is written again, the night's index rebuilt.
        var changed = Directory.GetFiles(night).Order(StringComparer.Ordinal).First();
        File.SetLastWriteTimeUtc(changed, File.GetLastWriteTimeUtc(changed).AddMinutes(-5));
        Assert.False(store.Plans.Holds(changed));
        told.Clear();
        Assert.Equal(1, await planner.RunRoundAsync(told.Add));
        var again = Assert.Single(told);
        Assert.Equal(("1988-11-03", 1, true), (again.Night.Name, again.Made!.PlansWritten, again.Made.IndexBuilt));
        Assert.True(store.Plans.Holds(changed));
    }

    [Fact]
    public async Task A_night_removed_from_the_datalake_leaves_no_index_occupancy_or_plan_behind_and_other_files_stay()
    {
        var ztf = Path.Combine(_dir, "ztf");
        var nights = new[] { "day=03", "day=05" }.Select(d => Path.Combine(ztf, "year=1988", "month=11", d)).ToArray();
        foreach (var night in nights)
        {
            Directory.CreateDirectory(night);
            foreach (var file in Directory.GetFiles(Path.Combine(Ztf, "year=1988", "month=11", "day=03")))
                File.Copy(file, Path.Combine(night, Path.GetFileName(file)));
        }
        var store = NewStore();
        var swept = new List<SweptFiles>();
        var planner = new NightsAheadPlanner(new SurveyDatalakes(null, new Dictionary<string, string> { ["ztf"] = ztf, ["lsst"] = Rubin }), store)
        {
            OnSwept = swept.Add,
        };
        Assert.Equal(3, await planner.RunRoundAsync(_ => { }));
        Assert.Equal(new SweptFiles(0, 0), Assert.Single(swept));   // the first round sweeps, and finds nothing to remove

        // What else lives there stays: a file the store does not name, a fresh piece of a write under way.
        var ztfDir = Path.GetDirectoryName(store.FilePath(Survey.Ztf, new DateOnly(1988, 11, 3)))!;
        var foreign = Path.Combine(ztfDir, "notes.txt");
        var writing = store.FilePath(Survey.Ztf, new DateOnly(1988, 11, 5)) + ".0123.part";
        var leftOver = store.FilePath(Survey.Ztf, new DateOnly(1988, 11, 5)) + ".4567.part";
        foreach (var path in new[] { foreign, writing, leftOver }) await File.WriteAllTextAsync(path, "x");
        File.SetLastWriteTimeUtc(leftOver, DateTime.UtcNow - SweptFiles.PartAge - TimeSpan.FromMinutes(1));

        // The night of the 5th removed: its index, occupancy and plans go; the 3rd's and Rubin's stay.
        var goneFiles = Directory.GetFiles(nights[1]);
        var goneBytes = goneFiles.Sum(f => new FileInfo(store.Plans.FilePath(f)).Length) + new FileInfo(store.FilePath(Survey.Ztf, new DateOnly(1988, 11, 5))).Length
            + new FileInfo(store.OccupancyPath(Survey.Ztf, new DateOnly(1988, 11, 5))).Length + 1;
        Directory.Delete(nights[1], recursive: true);
        Assert.Equal(0, await planner.RunRoundAsync(n => Assert.Fail($"{n.Night} planned")));
        Assert.Equal(new SweptFiles(goneFiles.Length + 3, goneBytes), swept[^1]);
        Assert.All(goneFiles, f => Assert.False(File.Exists(store.Plans.FilePath(f)), f));
        Assert.False(File.Exists(store.FilePath(Survey.Ztf, new DateOnly(1988, 11, 5))));
        Assert.False(File.Exists(store.OccupancyPath(Survey.Ztf, new DateOnly(1988, 11, 5))));
        Assert.False(File.Exists(leftOver));
        Assert.True(File.Exists(foreign) && File.Exists(writing));
        Assert.True(File.Exists(store.FilePath(Survey.Ztf, new DateOnly(1988, 11, 3))));
        Assert.True(File.Exists(store.FilePath(Survey.Lsst, DateOnly.ParseExact(RubinLake.Night, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.All(Directory.GetFiles(nights[0]).Concat(Directory.GetFiles(Rubin, "*.parquet", SearchOption.AllDirectories)),
            f => Assert.True(store.Plans.Holds(f), f));

        // Nothing changed since: the next round does not sweep again.
        Assert.Equal(0, await planner.RunRoundAsync(n => Assert.Fail($"{n.Night} planned")));
        Assert.Equal(2, swept.Count);
    }

    // A source 0.5" north of every third position.
    private static SourceCatalog NearEveryThird(IEnumerable<(double Ra, double Dec)> positions)
    {
        var near = positions.Where((p, i) => i % 3 == 0 && p.Dec < 89).ToArray();
        return new SourceCatalog("near", "id", [.. near.Select(p => p.Ra)], [.. near.Select(p => p.Dec + 0.5 / 3600)],
            [.. near.Select((_, i) => $"s{i}")]);
    }
}
