using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Grains.Jobs;
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

    private async Task<long> LocalMatchesAsync(XmatchJobRequest request)
    {
        using var reader = CatalogReaders.Open(request.CatalogPath);
        var catalog = CatalogLoader.Load(reader, new CatalogSelection(request.RaColumn, request.DecColumn, request.IdColumn));
        var plan = await XmatchPlan.CreateAsync(cluster.Datalake,
            new XmatchOptions(request.RadiusArcsec, request.Match, request.Fields), catalog.IdColumn);
        long rows = 0;
        await LocalXmatchRunner.RunAsync(plan, catalog, (batch, _) =>
        {
            rows += batch.Count;
            return ValueTask.CompletedTask;
        }, parallelism: 2);
        return rows;
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
