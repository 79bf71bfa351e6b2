using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Tests.Matching;
using FinkXmatch.Core.Xmatch;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// The 27 real Fink-processed Rubin alerts (tests/data/lsst, schema v10.0) laid out as one datalake night, matched by the
/// whole engine and compared with an O(alerts × sources) haversine reference over the alerts as Apache Parquet C++
/// (ParquetSharp) reads them, for both match rules. The catalog puts sources at known offsets around each alert, so
/// that every radius keeps some pairs and drops others.
/// </summary>
public sealed class LsstXmatchTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fxm-lsst-" + Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyList<RubinAlert> _alerts;
    private readonly SourceCatalog _catalog;

    public LsstXmatchTests()
    {
        RubinLake.LayOut(Path.Combine(_root, "lake"));
        _alerts = RubinLake.Alerts();
        _catalog = RubinLake.AroundAlerts(_alerts);
    }

    [Fact]
    public void The_sample_is_a_v10_night_of_27_alerts_with_positions()
    {
        Assert.Equal(27, _alerts.Count);
        Assert.All(_alerts, a => Assert.True(double.IsFinite(a.Ra) && double.IsFinite(a.Dec)));
        // Rubin observes the southern sky: 17 of the 27 lie south of the equator.
        Assert.Equal(17, _alerts.Count(a => a.Dec < 0));
    }

    [Theory]
    [InlineData(0.5, MatchMode.All)]
    [InlineData(1.5, MatchMode.All)]
    [InlineData(1.5, MatchMode.Nearest)]
    [InlineData(5, MatchMode.Nearest)]
    [InlineData(60, MatchMode.All)]
    [InlineData(3600, MatchMode.All)]
    [InlineData(3600, MatchMode.Nearest)]
    public async Task Rubin_night_results_equal_brute_force(double radiusArcsec, MatchMode mode)
    {
        var path = Path.Combine(_root, Guid.NewGuid().ToString("N") + ".parquet");
        var options = new XmatchOptions(radiusArcsec, mode, Fields: ["diaSource.psfFlux", "diaSource.band"], Survey: Survey.Lsst);
        var (plan, summary) = await EngineRun.ToFileAsync(Path.Combine(_root, "lake"), _catalog, options, path);

        Assert.Same(Survey.Lsst, plan.Result.Survey);
        // The identifiers first, the chosen fields, then the time Fink's LSST client partitions by, then ours.
        Assert.Equal(["diaObjectId", "diaSourceId", "psfFlux", "band", "midpointMjdTai", "separation_arcsec", "source"], plan.Result.ColumnNames);
        Assert.Equal(27, summary.Alerts);
        var rows = ReadResults(path);
        Assert.Equal(summary.Matches, rows.Count);

        var expected = Expected(radiusArcsec, mode);
        Assert.True(expected.Count > 0);
        Assert.Equal(expected.Select(e => (e.Alert.DiaSourceId, e.Source)).Order(), rows.Select(r => (r.DiaSourceId, r.Source)).Order());
        var byPair = rows.ToDictionary(r => (r.DiaSourceId, r.Source));
        foreach (var (alert, source, separation) in expected)
        {
            var row = byPair[(alert.DiaSourceId, source)];
            Assert.Equal(alert.DiaObjectId, row.DiaObjectId);
            Assert.Equal(alert.PsfFlux, row.PsfFlux);
            Assert.Equal(alert.Band, row.Band);
            Assert.Equal(alert.MidpointMjdTai, row.MidpointMjdTai);
            Assert.True(Math.Abs(separation - row.SeparationArcsec) < 1e-6, $"{separation} vs {row.SeparationArcsec}");
        }
    }

    [Fact]
    public async Task A_ztf_field_or_survey_on_a_rubin_datalake_is_refused_naming_it()
    {
        var lake = Path.Combine(_root, "lake");
        var field = await Assert.ThrowsAsync<DatalakeException>(() =>
            XmatchPlan.CreateAsync(lake, new XmatchOptions(1.5, Fields: ["candidate.magpsf"]), "source"));
        Assert.Contains("'candidate.magpsf'", field.Message, StringComparison.Ordinal);
        Assert.Contains("diaSource.", field.Message, StringComparison.Ordinal);

        var survey = await Assert.ThrowsAsync<XmatchRequestException>(() =>
            XmatchPlan.CreateAsync(lake, new XmatchOptions(1.5, Survey: Survey.Ztf), "source"));
        Assert.Equal($"survey 'ztf' was asked, but the datalake {lake} holds LSST alerts: ask for survey 'lsst' or use a ZTF datalake", survey.Message);
    }

    [Fact]
    public async Task Two_chosen_fields_with_one_leaf_name_are_named_by_their_paths()
    {
        var plan = await XmatchPlan.CreateAsync(Path.Combine(_root, "lake"),
            new XmatchOptions(1.5, Fields: ["diaSource.ra", "diaObject.ra", "diaObject.diaObjectId"]), "source");
        Assert.Equal(["diaObjectId", "diaSourceId", "ra", "diaObject_ra", "diaObject_diaObjectId", "midpointMjdTai", "separation_arcsec", "source"],
            plan.Result.ColumnNames);
    }

    [Fact]
    public async Task The_light_packet_is_cut_as_fink_cuts_it_for_lsst()
    {
        var plan = await XmatchPlan.CreateAsync(Path.Combine(_root, "lake"), new XmatchOptions(1.5, Packet: "light"), "source");
        var names = plan.Result.ColumnNames.ToList();
        Assert.Equal(["diaObjectId", "diaSourceId", "snr", "scienceFlux", "scienceFluxErr", "templateFlux", "templateFluxErr", "band",
            "midpointMjdTai", "ra", "dec", "reliability"], names.Take(12));
        foreach (var dropped in new[] { "diaSource", "prvDiaSources", "prvDiaForcedSources", "diaObject", "ssSource", "mpc_orbits",
                     "cutoutScience", "cutoutTemplate", "cutoutDifference" })
            Assert.DoesNotContain(dropped, names);
        Assert.Contains("brokerIngestMjd", names);
        Assert.Contains("clf", names);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private List<(RubinAlert Alert, string Source, double Separation)> Expected(double radiusArcsec, MatchMode mode)
    {
        var result = new List<(RubinAlert, string, double)>();
        foreach (var alert in _alerts)
        {
            var within = Enumerable.Range(0, _catalog.Count)
                .Select(s => (Source: s, Sep: BruteForceMatcher.HaversineArcsec(alert.Ra, alert.Dec, _catalog.RaDeg[s], _catalog.DecDeg[s])))
                .Where(p => p.Sep < radiusArcsec)
                .ToList();
            if (mode == MatchMode.Nearest) within = within.OrderBy(p => p.Sep).ThenBy(p => p.Source).Take(1).ToList();
            result.AddRange(within.Select(p => (alert, _catalog.Ids[p.Source], p.Sep)));
        }
        return result;
    }

    private sealed record LsstResultRow(long? DiaObjectId, long DiaSourceId, float? PsfFlux, string? Band, double? MidpointMjdTai,
        double SeparationArcsec, string Source);

    private static List<LsstResultRow> ReadResults(string path)
    {
        using var file = new ParquetFileReader(path);
        var columns = Columns(file);
        var rows = new List<LsstResultRow>();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var n = checked((int)group.MetaData.NumRows);
            var objectId = Read<long?>(group, columns["diaObjectId"], n);
            var id = Read<long?>(group, columns["diaSourceId"], n);
            var flux = Read<float?>(group, columns["psfFlux"], n);
            var band = Read<string?>(group, columns["band"], n);
            var time = Read<double?>(group, columns["midpointMjdTai"], n);
            var separation = Read<double>(group, columns["separation_arcsec"], n);
            var source = Read<string>(group, columns["source"], n);
            for (var r = 0; r < n; r++)
                rows.Add(new LsstResultRow(objectId[r], id[r]!.Value, flux[r], band[r], time[r], separation[r], source[r]));
        }
        return rows;
    }

    private static Dictionary<string, int> Columns(ParquetFileReader file)
    {
        var schema = file.FileMetaData.Schema;
        return Enumerable.Range(0, schema.NumColumns).ToDictionary(i => schema.Column(i).Path.ToDotString(), i => i);
    }

    private static T[] Read<T>(RowGroupReader group, int column, int rows)
    {
        using var reader = group.Column(column).LogicalReader<T>();
        return reader.ReadAll(rows);
    }
}
