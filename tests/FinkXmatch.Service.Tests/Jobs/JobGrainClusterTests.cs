using System.Globalization;
using System.Text.RegularExpressions;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Grains.Jobs;
using FinkXmatch.Service.Tests.Durable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;

namespace FinkXmatch.Service.Tests.Jobs;

/// <summary>The job grains on two silos: lifecycle and counters, the per-job and cluster quotas, cancel, resume.</summary>
public sealed class JobGrainClusterTests(JobClusterFixture cluster) : IClassFixture<JobClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    private IGrainFactory Grains => cluster.Cluster.Client;

    [Fact]
    public async Task A_job_goes_queued_running_completed_with_the_counts_of_a_local_run()
    {
        var jobId = JobClusterFixture.NewJobId();
        cluster.Recorder.Hold(jobId, TimeSpan.FromMilliseconds(250));
        var job = Grains.GetGrain<IXmatchJobGrain>(jobId);

        var submitted = await job.SubmitAsync(cluster.Request());
        Assert.Equal(JobPhase.Queued, submitted.Status);
        Assert.Equal(jobId, submitted.Topic);
        var seen = new List<JobPhase> { submitted.Status };
        var final = await WaitForFinishAsync(job, seen);

        Assert.Equal([JobPhase.Queued, JobPhase.Running, JobPhase.Completed], seen.Distinct());
        var expected = await LocalMatchesAsync(cluster.Request());
        Assert.True(expected > 0, "the datalake holds planted counterparts");
        Assert.Equal(JobClusterFixture.Nights, final.ShardsTotal);
        Assert.Equal(JobClusterFixture.Nights, final.ShardsDone);
        Assert.Equal(JobClusterFixture.Nights * JobClusterFixture.AlertsPerNight, final.AlertsScanned);
        Assert.Equal(expected, final.Matches);
        Assert.NotNull(final.StartedAt);
        Assert.True(final.SubmittedAt <= final.StartedAt && final.StartedAt <= final.FinishedAt);

        var parts = Directory.GetFiles(cluster.Results.JobDirectory(jobId)).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(cluster.Request().Nights.Select(n => n + ".parquet"), parts);

        var log = (await job.GetLogAsync())!;
        Assert.All(log, line => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z \S", line));
        Assert.StartsWith("submitted: ", log[0][21..], StringComparison.Ordinal);
        Assert.Equal(JobClusterFixture.Nights, log.Count(l => l.Contains(" done: ", StringComparison.Ordinal)));
        Assert.Contains("completed: ", log[^1], StringComparison.Ordinal);

        // Submitting again changes nothing.
        Assert.Equal(final, await job.SubmitAsync(cluster.Request(radiusArcsec: 9)));
    }

    [Fact]
    public async Task Concurrent_jobs_never_exceed_cores_per_job_nor_the_cluster_slots()
    {
        // Two draws of 64 random bits: distinct (a digit appended could overflow the 64-bit number).
        var ids = new[] { JobClusterFixture.NewJobId(), JobClusterFixture.NewJobId() };
        foreach (var id in ids) cluster.Recorder.Hold(id, TimeSpan.FromMilliseconds(300));

        var jobs = ids.Select(id => Grains.GetGrain<IXmatchJobGrain>(id)).ToArray();
        await Task.WhenAll(jobs.Select(j => j.SubmitAsync(cluster.Request())));
        var finals = await Task.WhenAll(jobs.Select(j => WaitForFinishAsync(j, [])));

        Assert.All(finals, f => Assert.Equal(JobPhase.Completed, f.Status));
        foreach (var id in ids)
        {
            // Each job had its full quota at some point, and never more.
            Assert.Equal(JobClusterFixture.CoresPerJob, cluster.Recorder.MaxOf(id));
        }
        // Two jobs wanting 2 each: the cluster's 3 slots were all used, never more.
        Assert.Equal(JobClusterFixture.ClusterSlots, cluster.Recorder.MaxTotal);
    }

    [Fact]
    public async Task Cancel_stops_the_scans_within_seconds_and_leaves_no_file()
    {
        var jobId = JobClusterFixture.NewJobId();
        cluster.Recorder.Hold(jobId, TimeSpan.FromMinutes(10));   // scans wait until cancelled
        var job = Grains.GetGrain<IXmatchJobGrain>(jobId);
        await job.SubmitAsync(cluster.Request());
        await Until(() => cluster.Recorder.InFlight(jobId) == JobClusterFixture.CoresPerJob);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await job.CancelAsync();
        Assert.True(result.Accepted);
        Assert.Equal(JobPhase.Cancelled, result.Status!.Status);
        Assert.NotNull(result.Status.FinishedAt);
        await Until(() => cluster.Recorder.InFlight(jobId) == 0);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"scans stopped after {clock.Elapsed}");
        Assert.False(Directory.Exists(cluster.Results.JobDirectory(jobId)));

        // Nothing restarts afterwards; cancelling again is refused.
        await Task.Delay(300);
        Assert.Equal(0, cluster.Recorder.InFlight(jobId));
        Assert.Equal(JobPhase.Cancelled, (await job.GetStatusAsync())!.Status);
        var again = await job.CancelAsync();
        Assert.False(again.Accepted);
        Assert.Contains("cancelled (", (await job.GetLogAsync())![^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_job_whose_activation_ends_resumes_on_the_next_activation()
    {
        var jobId = JobClusterFixture.NewJobId();
        cluster.Recorder.Hold(jobId, TimeSpan.FromMilliseconds(300));
        var job = Grains.GetGrain<IXmatchJobGrain>(jobId);
        await job.SubmitAsync(cluster.Request());
        await Until(() => cluster.Recorder.InFlight(jobId) > 0);

        await job.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var final = await WaitForFinishAsync(Grains.GetGrain<IXmatchJobGrain>(jobId), []);

        Assert.Equal(JobPhase.Completed, final.Status);
        Assert.Equal(JobClusterFixture.Nights, final.ShardsDone);
        Assert.Equal(await LocalMatchesAsync(cluster.Request()), final.Matches);
    }

    [Fact]
    public async Task A_big_catalog_is_indexed_where_the_jobs_nights_reach_it_with_the_whole_indexs_rows()
    {
        var request = cluster.Request(match: MatchMode.All) with
        {
            CatalogPath = await BigCatalogAsync(), RaColumn = "ra", DecColumn = "dec", IdColumn = "id", Coordinates = CoordinateFormat.Degrees,
        };
        var caches = cluster.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<CatalogIndexCache>()).ToArray();
        var builtBefore = caches.Sum(c => c.NightIndexesBuilt);
        var jobId = JobClusterFixture.NewJobId();
        var job = Grains.GetGrain<IXmatchJobGrain>(jobId);

        await job.SubmitAsync(request);
        var final = await WaitForFinishAsync(job, []);

        Assert.Equal(JobPhase.Completed, final.Status);
        // One index for the job's six nights on each silo that scanned some, whichever of its shards asked first.
        Assert.InRange(caches.Sum(c => c.NightIndexesBuilt) - builtBefore, 1, cluster.Cluster.Silos.Count);
        var told = (await job.GetLogAsync())!
            .Select(l => Regex.Match(l, @"^\S+ index: ([\d,]+) of 152,013 sources can reach an alert of these nights \(9,000 alerts located in [\d.]+ s\)$"))
            .Where(m => m.Success).ToList();
        Assert.InRange(told.Count, 1, cluster.Cluster.Silos.Count);
        // The planted counterparts' sources (about a tenth of 3HSP's) and the few others near an alert, not the 150,000.
        Assert.All(told, m => Assert.InRange(int.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), 100, 20_000));

        // Night by night, the rows of the whole catalog's index.
        var expected = await WholeIndexRowsAsync(request);
        Assert.True(expected.Rows.Count >= 100, $"the planted counterparts match, got {expected.Rows.Count}");
        Assert.Equal(expected.Rows.Count, final.Matches);
        var parts = request.Nights.Select(n => File.OpenRead(Path.Combine(cluster.Results.JobDirectory(jobId), n + ".parquet"))).ToList();
        try
        {
            var actual = await ResultTable.FromParquetAsync(parts);
            Assert.Equal(expected.Columns, actual.Columns);
            Assert.Equal(expected.Rows, actual.Rows);
        }
        finally
        {
            foreach (var part in parts) await part.DisposeAsync();
        }
    }

    [Fact]
    public async Task Unknown_jobs_have_no_status_log_or_cancel()
    {
        var job = Grains.GetGrain<IXmatchJobGrain>(JobClusterFixture.NewJobId());
        Assert.Null(await job.GetStatusAsync());
        Assert.Null(await job.GetLogAsync());
        var cancel = await job.CancelAsync();
        Assert.False(cancel.Accepted);
        Assert.Null(cancel.Status);
    }

    [Fact]
    public void A_job_state_stored_before_the_enums_loads_with_them()
    {
        // Written by grain storage's serializer (the one PostgreSQL holds) when status, coordinates and match were words.
        const string stored = """
            {"$id":"1","$type":"FinkXmatch.Grains.Jobs.XmatchJobState, FinkXmatch.Grains","Request":{"$id":"2","$type":"FinkXmatch.Grains.Jobs.XmatchJobRequest, FinkXmatch.Grains.Abstractions","CatalogId":"cat-00000000000000000001","CatalogPath":"/data/catalogs/cat-00000000000000000001.parquet","RaColumn":"ra","DecColumn":"dec","IdColumn":"id","Coordinates":"sexagesimal","RadiusArcsec":1.5,"Match":"all","Fields":{"$type":"System.String[], System.Private.CoreLib","$values":["objectId","candidate.magpsf"]},"Nights":{"$type":"System.String[], System.Private.CoreLib","$values":["2025-03-01","2025-03-02"]},"Survey":"ztf","Owner":"alice"},"Status":"running","SubmittedAt":"2025-03-04T05:06:07+00:00","StartedAt":"2025-03-04T05:06:08+00:00","Shards":{"$id":"3","$type":"System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[FinkXmatch.Grains.Jobs.ShardRecord, FinkXmatch.Grains]], System.Private.CoreLib","2025-03-01":{"$id":"4","$type":"FinkXmatch.Grains.Jobs.ShardRecord, FinkXmatch.Grains","Status":2,"AlertsScanned":100,"Matches":3},"2025-03-02":{"$id":"5","$type":"FinkXmatch.Grains.Jobs.ShardRecord, FinkXmatch.Grains","Status":1,"Failures":1}},"Log":{"$type":"System.Collections.Generic.List`1[[System.String, System.Private.CoreLib]], System.Private.CoreLib","$values":["2025-03-04T05:06:07Z submitted: ...","2025-03-04T05:06:08Z running"]},"TopicsReady":true}
            """;
        var serializer = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainStorageSerializer>();

        var state = serializer.Deserialize<XmatchJobState>(BinaryData.FromString(stored))!;

        Assert.Equal(JobPhase.Running, state.Status);
        Assert.Equal(CoordinateFormat.Sexagesimal, state.Request!.Coordinates);
        Assert.Equal(MatchMode.All, state.Request.Match);
        Assert.Equal(["2025-03-01", "2025-03-02"], state.Request.Nights);
        Assert.Equal(ShardRecordStatus.Done, state.Shards["2025-03-01"].Status);
        Assert.Equal(1, state.Shards["2025-03-02"].Failures);
        Assert.True(state.TopicsReady);

        // Stored again (now as numbers) and read back, by this version and with every phase and choice.
        foreach (var (phase, format, mode) in new[] { (JobPhase.Expired, CoordinateFormat.Degrees, MatchMode.Nearest), (JobPhase.Queued, CoordinateFormat.Auto, MatchMode.All) })
        {
            state.Status = phase;
            state.Request = state.Request with { Coordinates = format, Match = mode };
            var again = serializer.Deserialize<XmatchJobState>(serializer.Serialize(state))!;
            Assert.Equal((phase, format, mode), (again.Status, again.Request!.Coordinates, again.Request.Match));
        }
    }

    private async Task<long> LocalMatchesAsync(XmatchJobRequest request) => (await WholeIndexRowsAsync(request)).Rows.Count;

    // The 3HSP sources (a tenth of them with a counterpart in the nights), in degrees, among 150,000 others over the sky.
    private async Task<string> BigCatalogAsync()
    {
        SourceCatalog hsp;
        using (var reader = CatalogReaders.Open(cluster.CatalogPath)) hsp = CatalogLoader.Load(reader, new CatalogSelection("R.A.", "Dec", "id"));
        var rng = new Random(150);
        var sources = Enumerable.Range(0, hsp.Count).Select(i => (Id: "3HSP-" + hsp.Ids[i], Ra: hsp.RaDeg[i], Dec: hsp.DecDeg[i]))
            .Concat(Enumerable.Range(0, 150_000).Select(i => (Id: $"B{i}", Ra: rng.NextDouble() * 360, Dec: Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI)));
        var path = Path.Combine(cluster.Root, "big-catalog.csv");
        await File.WriteAllLinesAsync(path, sources.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Id},{s.Ra:R},{s.Dec:R}")).Prepend("id,ra,dec"));
        return path;
    }

    // The rows of the in-process engine with the whole catalog's index, in night order.
    private async Task<ResultTable> WholeIndexRowsAsync(XmatchJobRequest request)
    {
        using var reader = CatalogReaders.Open(request.CatalogPath);
        var catalog = CatalogLoader.Load(reader, new CatalogSelection(request.RaColumn, request.DecColumn, request.IdColumn, request.Coordinates));
        var plan = await XmatchPlan.CreateAsync(cluster.Datalake, new XmatchOptions(request.RadiusArcsec, request.Match, request.Fields), catalog.IdColumn);
        var rows = new List<object?[]>();
        await LocalXmatchRunner.RunAsync(plan, catalog, HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, request.RadiusArcsec), (batch, _) =>
        {
            rows.AddRange(batch);
            return ValueTask.CompletedTask;
        }, parallelism: 2);
        return ResultTable.FromRows(plan.Result.ColumnNames.ToArray(), rows);
    }

    private static async Task<JobStatus> WaitForFinishAsync(IXmatchJobGrain job, List<JobPhase> seen)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var status = (await job.GetStatusAsync())!;
            seen.Add(status.Status);
            if (status.Status.IsFinished()) return status;
            Assert.True(DateTime.UtcNow < deadline, $"job still {status.Status} after {Patience}");
            await Task.Delay(25);
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
