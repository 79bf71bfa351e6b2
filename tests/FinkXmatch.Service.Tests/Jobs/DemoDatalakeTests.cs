using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Service.Tests.Jobs;

public sealed class DemoDatalakeTests
{
    [Fact]
    public async Task The_lsst_demo_datalake_holds_rubin_alerts_with_counterparts_of_the_southern_landmarks()
    {
        var root = Path.Combine(Path.GetTempPath(), $"finkxmatch-demo-{Guid.NewGuid():N}", "datalake-lsst");
        try
        {
            Assert.True(await DemoDatalake.EnsureAsync(root, Survey.Lsst));
            var layout = DatalakeLayout.Open(root);
            Assert.Equal(DemoDatalake.LsstNights, layout.Shards.Count);
            Assert.Equal(DemoDatalake.LsstFirstNight, layout.FirstNight);
            Assert.Same(Survey.Lsst, SurveyDatalakes.Detect(root));

            var landmarks = DemoDatalake.LandmarksOf(Survey.Lsst);
            Assert.InRange(landmarks.Count, 10, DemoDatalake.Landmarks.Count - 1);
            var (columns, ids) = await LandmarkMatchesAsync(root, landmarks);
            Assert.Equal(["diaObjectId", "diaSourceId", "separation_arcsec", "name"], columns);
            Assert.Equal(landmarks.Select(l => l.Name).Order(), ids.Distinct().Order());
            Assert.All(ids.CountBy(id => id), c => Assert.Equal(DemoDatalake.CounterpartsPerLandmark, c.Value));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(root)!, recursive: true);
        }
    }

    [Fact]
    public async Task The_demo_datalake_is_generated_once_with_counterparts_of_every_landmark()
    {
        var root = Path.Combine(Path.GetTempPath(), $"finkxmatch-demo-{Guid.NewGuid():N}", "datalake");
        try
        {
            Assert.True(await DemoDatalake.EnsureAsync(root));
            var layout = DatalakeLayout.Open(root);
            Assert.Equal(DemoDatalake.Nights, layout.Shards.Count);
            Assert.Equal(DemoDatalake.FirstNight, layout.FirstNight);
            long alerts = 0;
            foreach (var file in layout.Shards.SelectMany(s => s.Files))
            {
                await using var alertFile = await AlertFile.OpenAsync(file);
                alerts += alertFile.RowCount;
            }
            Assert.Equal(DemoDatalake.Nights * DemoDatalake.AlertsPerNight, alerts);
            Assert.False(Directory.Exists(root + ".generating"));

            // Every landmark has its counterparts within 1 arcsec, found by the same engine the service runs.
            var landmarks = DemoDatalake.Landmarks;
            var (_, ids) = await LandmarkMatchesAsync(root, landmarks);
            Assert.Equal(landmarks.Select(l => l.Name).Order(), ids.Distinct().Order());
            Assert.All(ids.CountBy(id => id), c => Assert.Equal(DemoDatalake.CounterpartsPerLandmark, c.Value));

            // A second start reuses it.
            var stamp = File.GetLastWriteTimeUtc(layout.Shards[0].Files[0]);
            Assert.False(await DemoDatalake.EnsureAsync(root));
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(layout.Shards[0].Files[0]));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(root)!, recursive: true);
        }
    }

    // The landmarks matched within 1 arcsec by the same engine the service runs: the result columns and, per match,
    // the landmark's name.
    private static async Task<(IReadOnlyList<string> Columns, List<string> Ids)> LandmarkMatchesAsync(string root,
        IReadOnlyList<(string Name, double RaDeg, double DecDeg)> landmarks)
    {
        var catalog = new SourceCatalog("landmarks", "name", landmarks.Select(l => l.RaDeg).ToArray(),
            landmarks.Select(l => l.DecDeg).ToArray(), landmarks.Select(l => l.Name).ToArray());
        var plan = await XmatchPlan.CreateAsync(root, new XmatchOptions(1.0), catalog.IdColumn);
        var ids = new List<string>();
        await LocalXmatchRunner.RunAsync(plan, catalog, (rows, _) =>
        {
            ids.AddRange(rows.Select(r => (string)r[^1]!));
            return ValueTask.CompletedTask;
        }, parallelism: 2);
        return (plan.Result.ColumnNames.ToArray(), ids);
    }
}
