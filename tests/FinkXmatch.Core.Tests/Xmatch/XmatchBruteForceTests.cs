using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Tests.Matching;
using FinkXmatch.Core.Xmatch;
using Xunit.Abstractions;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// The whole engine (plan, shard scans, HEALPix matching, late materialization, Parquet results) against an
/// O(alerts × sources) haversine reference over alerts read with another Parquet implementation.
/// </summary>
public sealed class XmatchBruteForceTests(PlantedDatalake lake, ITestOutputHelper output) : IClassFixture<PlantedDatalake>
{
    // The matcher's own radii and modes, here end to end.
    [Theory]
    [MemberData(nameof(CrossMatcherTests.Cases), MemberType = typeof(CrossMatcherTests))]
    public async Task Generated_datalake_results_equal_brute_force(double radiusArcsec, MatchMode mode)
    {
        var path = lake.NewResultPath();
        var (_, summary) = await EngineRun.ToFileAsync(lake.Root, lake.Catalog, EngineRun.Options(radiusArcsec, mode), path);
        var (columns, rows) = ResultRows.Read(path, lake.Catalog.IdColumn);

        Assert.Equal([.. ResultRows.ExpectedColumns, "source"], columns);
        Assert.Equal(lake.Reference.Alerts.Count, summary.Alerts);
        Assert.Equal(12_000, summary.Alerts);
        Assert.Equal(rows.Count, summary.Matches);
        output.WriteLine($"{rows.Count} matches of {summary.Alerts} alerts with {lake.Catalog.Count} sources");
        // Every planted alert matches at any of these radii, so the comparison is never between two empty sets.
        Assert.True(rows.Count >= lake.Planted.Count, $"{rows.Count} rows for {lake.Planted.Count} planted alerts");
        ResultAssert.EqualsReference(lake.Reference, radiusArcsec, mode, rows);
    }

    [Theory]
    [InlineData(0.5, MatchMode.All)]
    [InlineData(0.5, MatchMode.Nearest)]
    [InlineData(3600, MatchMode.All)]
    public async Task Every_planted_counterpart_is_found(double radiusArcsec, MatchMode mode)
    {
        var path = lake.NewResultPath();
        await EngineRun.ToFileAsync(lake.Root, lake.Catalog, EngineRun.Options(radiusArcsec, mode), path);
        var (_, rows) = ResultRows.Read(path, lake.Catalog.IdColumn);
        var byPair = rows.ToLookup(r => (r.ObjectId, r.Candid));

        Assert.Equal(2013 + 407 + 14 * 5, lake.Planted.Count);
        foreach (var (planted, source) in lake.Planted)
        {
            var matches = byPair[(planted.ObjectId, planted.Candid)].ToList();
            Assert.True(matches.Count > 0, $"planted counterpart {planted.ObjectId}/{planted.Candid} of {lake.Catalog.Ids[source]} not found");
            if (mode == MatchMode.All)
            {
                var own = Assert.Single(matches, m => m.SourceId == lake.Catalog.Ids[source]);
                Assert.Equal(planted.SeparationArcsec, own.SeparationArcsec, 1e-9);
            }
            else
            {
                Assert.True(Assert.Single(matches).SeparationArcsec <= planted.SeparationArcsec + ResultAssert.SeparationTolerance);
            }
        }
    }

    public static TheoryData<string, double, MatchMode> SampleCases()
    {
        var data = new TheoryData<string, double, MatchMode>();
        foreach (var catalog in new[] { "3hsp", "4lac" })
            foreach (var r in new[] { 60.0, 3600 })
                foreach (var mode in new[] { MatchMode.Nearest, MatchMode.All })
                    data.Add(catalog, r, mode);
        return data;
    }

    [Theory]
    [MemberData(nameof(SampleCases))]
    public async Task Real_sample_results_equal_brute_force(string catalogName, double radiusArcsec, MatchMode mode)
    {
        var root = TestData.Path("datalake-sample");
        var catalog = catalogName == "3hsp" ? ReferenceCatalogs.ThreeHsp() : ReferenceCatalogs.FourLac();
        var alerts = ReferenceAlerts.ReadAll(root);
        var reference = new BruteForceXmatch(alerts, catalog.RaDeg, catalog.DecDeg, catalog.Ids, radiusArcsec);
        var path = lake.NewResultPath();

        var (_, summary) = await EngineRun.ToFileAsync(root, catalog, EngineRun.Options(radiusArcsec, mode), path);
        var (columns, rows) = ResultRows.Read(path, catalog.IdColumn);

        output.WriteLine($"{rows.Count} matches of the sample's 124 alerts with {catalog.Count} sources");
        Assert.Equal(124, alerts.Count);
        Assert.Equal(124, summary.Alerts);
        Assert.Equal([.. ResultRows.ExpectedColumns, catalog.IdColumn], columns);
        ResultAssert.EqualsReference(reference, radiusArcsec, mode, rows);
    }
}
