using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.SkySearch;
using FinkXmatch.Core.Tests.Sky;
using FinkXmatch.Core.Tests.Xmatch;

namespace FinkXmatch.Core.Tests.SkyIndex;

/// <summary>
/// Cone searches through the sky index equal a brute-force scan of every alert (read with Apache Parquet C++, separation
/// by the haversine formula): on generated nights crowded at the poles, across RA 0/360 and on HEALPix face edges, with
/// radii from 1" to Fink's 5 degrees, with time ranges, and on the real ZTF and Rubin samples.
/// </summary>
public sealed class ConeSearchTests(PlantedDatalake lake) : IClassFixture<PlantedDatalake>, IDisposable
{
    private readonly string _index = Path.Combine(Path.GetTempPath(), $"fxm-cone-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_index)) Directory.Delete(_index, recursive: true);
    }

    public static TheoryData<string, double> EdgeCones()
    {
        var data = new TheoryData<string, double>();
        foreach (var (id, _, _) in ReferenceCatalogs.EdgeSources)
            foreach (var radius in new[] { 1.0, 30.0, 3600.0, 18_000.0 })
                data.Add(id, radius);
        return data;
    }

    [Theory]
    [MemberData(nameof(EdgeCones))]
    public async Task A_cone_at_a_pole_or_an_edge_finds_what_brute_force_finds(string edge, double radius)
    {
        var (_, ra, dec) = ReferenceCatalogs.EdgeSources.Single(e => e.Id == edge);
        var result = await SearchAsync(ra == 0 && dec is 90 or -90 ? 0 : ra, dec, radius);
        AssertEqualsBruteForce(result, ra, dec, radius, time: null);
        if (radius >= 30) Assert.NotEmpty(result.Rows); // every edge source has planted counterparts within 0.4"
    }

    [Fact]
    public async Task Cones_around_catalog_sources_and_random_points_find_what_brute_force_finds()
    {
        var random = new Random(7);
        var centres = Enumerable.Range(0, 25).Select(_ => random.Next(lake.Catalog.Count)).Select(i => (lake.Catalog.RaDeg[i], lake.Catalog.DecDeg[i]))
            .Concat(Enumerable.Range(0, 10).Select(_ => (random.NextDouble() * 360, Math.Asin(random.NextDouble() * 2 - 1) * 180 / Math.PI)))
            .ToArray();
        foreach (var (ra, dec) in centres)
            foreach (var radius in new[] { 2.0, 600.0, 7200.0 })
                AssertEqualsBruteForce(await SearchAsync(ra, dec, radius), ra, dec, radius, time: null);
    }

    [Theory]
    [InlineData("face-north-ra45")]
    [InlineData("equator-ra0")]
    [InlineData("face-south-ra180")]
    public async Task A_cone_on_a_cell_corner_finds_the_alerts_of_every_cell_it_touches(string corner)
    {
        // These points are corners of HEALPix base pixels, so of nside-128 cells: their planted alerts (within 0.4") lie in several cells.
        var (_, ra, dec) = ReferenceCatalogs.EdgeSources.Single(e => e.Id == corner);
        const double radius = 1;
        var result = await SearchAsync(ra, dec, radius);
        AssertEqualsBruteForce(result, ra, dec, radius, time: null);
        Assert.True(result.Rows.Select(r => Healpix.Ang2PixNest(NightIndexFile.Nside, (double)r[2]!, (double)r[3]!)).Distinct().Count() > 1);
    }

    [Fact]
    public async Task A_time_range_keeps_the_alerts_of_those_times_only()
    {
        var reference = ReferenceAlerts.ReadAll(lake.Root);
        var jds = reference.Select(a => a.Jd!.Value).Order().ToArray();
        var (start, stop) = (jds[jds.Length / 3], jds[2 * jds.Length / 3]);
        var time = new AlertTimeRange(start, stop);
        var result = await new SkySearcher(new SkyIndexStore(_index)).SearchAsync(lake.Root, Survey.Ztf, new ConeShape(0, 90, 18_000), time, null);
        AssertEqualsBruteForce(result, 0, 90, 18_000, time);
        Assert.NotEmpty(result.Rows);

        // The same as Fink's arguments: startdate as a JD and a window in days.
        var parsed = AlertTimeRange.Parse(start.ToString("R", System.Globalization.CultureInfo.InvariantCulture), (stop - start).ToString("R", System.Globalization.CultureInfo.InvariantCulture), null)!;
        Assert.Equal(start, parsed.StartJd);
        Assert.Equal(stop, parsed.StopJd, 1e-9);
    }

    [Fact]
    public async Task The_real_ztf_sample_answers_cones_around_its_alerts()
    {
        var root = TestData.Path("datalake-sample");
        var reference = ReferenceAlerts.ReadAll(root);
        var searcher = new SkySearcher(new SkyIndexStore(_index));
        foreach (var alert in reference.Where((_, i) => i % 7 == 0))
            foreach (var radius in new[] { 1.0, 3600.0 })
            {
                var result = await searcher.SearchAsync(root, Survey.Ztf, new ConeShape(alert.Ra, alert.Dec, radius), null, ["candidate.magpsf"]);
                var expected = reference.Where(a => Haversine.Degrees(alert.Ra, alert.Dec, a.Ra, a.Dec) * 3600 <= radius).Select(a => a.Candid).Order();
                Assert.Equal(expected, result.Rows.Select(r => (long)r[1]!).Order());
                Assert.Contains(alert.Candid, result.Rows.Select(r => (long)r[1]!));
                Assert.Equal("magpsf", result.Names[^1]);
                Assert.Equal(0.0, (double)result.Rows[0][^1]!);
            }
    }

    [Fact]
    public async Task The_real_rubin_night_answers_cones_around_its_alerts()
    {
        var root = Path.Combine(_index, "rubin-lake");
        RubinLake.LayOut(root);
        var alerts = RubinLake.Alerts();
        var searcher = new SkySearcher(new SkyIndexStore(Path.Combine(_index, "idx")));
        foreach (var alert in alerts)
            foreach (var radius in new[] { 0.5, 18_000.0 })
            {
                var result = await searcher.SearchAsync(root, Survey.Lsst, new ConeShape(alert.Ra, alert.Dec, radius), null, ["diaSource.psfFlux"]);
                var expected = alerts.Where(a => Haversine.Degrees(alert.Ra, alert.Dec, a.Ra, a.Dec) * 3600 <= radius).Select(a => a.DiaSourceId).Order();
                Assert.Equal(expected, result.Rows.Select(r => (long)r[1]!).Order());
                Assert.Equal(["diaObjectId", "diaSourceId", "ra", "dec", "midpointMjdTai", "psfFlux"], result.Names);
                var self = result.Rows.Single(r => (long)r[1]! == alert.DiaSourceId);
                Assert.Equal(alert.PsfFlux, (float?)self[5]);
                Assert.Equal(alert.MidpointMjdTai, (double?)self[4]);
            }
    }

    private Task<SkySearchResult> SearchAsync(double ra, double dec, double radius) =>
        new SkySearcher(new SkyIndexStore(_index)).SearchAsync(lake.Root, Survey.Ztf, new ConeShape(ra, dec, radius), null, null);

    // Brute force: every alert of the datalake within the radius (haversine), leaving out those within a rounding
    // distance of the boundary, where two formulas may disagree; sorted by separation as the search sorts.
    private void AssertEqualsBruteForce(SkySearchResult result, double ra, double dec, double radius, AlertTimeRange? time)
    {
        var all = ReferenceAlerts.ReadAll(lake.Root)
            .Where(a => time is null || time.Contains(a.Jd!.Value))
            .Select(a => (a.Candid, Separation: Haversine.Degrees(ra, dec, a.Ra, a.Dec) * 3600))
            .Where(a => Math.Abs(a.Separation - radius) > 1e-6)
            .ToArray();
        var expected = all.Where(a => a.Separation <= radius).OrderBy(a => a.Separation).ToArray();
        var found = result.Rows.Select(r => (Candid: (long)r[1]!, Separation: (double)r[^1]!)).Where(a => Math.Abs(a.Separation - radius) > 1e-6).ToArray();
        Assert.Equal(expected.Select(e => e.Candid).Order(), found.Select(f => f.Candid).Order());
        for (var i = 0; i < found.Length; i++) Assert.Equal(expected.Single(e => e.Candid == found[i].Candid).Separation, found[i].Separation, 1e-6);
        Assert.Equal(found.Select(f => f.Separation).Order(), found.Select(f => f.Separation));
        Assert.Equal(["objectId", "candid", "ra", "dec", "jd", SkySearchResult.SeparationColumn], result.ColumnNames);
    }
}
