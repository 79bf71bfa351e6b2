using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// Crossmatch jobs on three silo processes sharing PostgreSQL, a data directory and a Kafka broker, interrupted
/// mid-job by a SIGKILL or a restart of every silo: they complete, their results are those of a local run, and their
/// Kafka topic holds every match exactly once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DurableJobTests(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    // Two nights at a time, polled every second: the job lasts several seconds, and a night usually commits to
    // Kafka a while before the job records it, which is the moment the tests strike.
    internal static readonly Dictionary<string, string> SlowJobs = new()
    {
        ["FINKXMATCH__CORESPERJOB"] = "2",
        ["FINKXMATCH__JOBTICKMILLISECONDS"] = "1000",
    };

    [Fact]
    public async Task A_job_whose_silo_is_killed_completes_on_the_others_with_every_match_once()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await CreateClusterAsync();
        var reference = Task.Run(() => PlantedNightsDatalake.ReferenceAsync(cluster.Datalake));
        await cluster.StartAsync();
        var jobId = await SubmitAsync(cluster[0]);
        var host = await GrainPlacement.JobHostAsync(cluster, cluster[0]);

        var atKill = await WaitForCommittedButUnrecordedNightAsync(cluster, cluster[host], jobId);
        var shards = await GrainPlacement.ActivationsAsync(cluster, cluster[host], GrainPlacement.ShardGrain);
        await cluster[host].KillAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: killed silo {host}, the job's host, at {atKill}; shard activations by silo {string.Join(", ", shards)}");

        // The job grain comes back on a survivor from PostgreSQL when asked, and carries on.
        var (poller, reader) = ((host + 1) % 3, (host + 2) % 3);
        var final = await JobHttp.WaitForFinishAsync(cluster[poller], jobId, Patience);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {final.Json}");
        // The night Kafka held unrecorded may have been scanned by a survivor (its result is then simply collected), so
        // a lost scan is not required here; it is in the restart test, where every scan dies.
        await AssertCompletedExactlyOnceAsync(cluster, cluster[reader], jobId, final, await reference, everyScanLost: false);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: checked");
    }

    [Fact]
    public async Task A_job_outlives_a_restart_of_every_silo_with_every_match_once()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await CreateClusterAsync();
        var reference = Task.Run(() => PlantedNightsDatalake.ReferenceAsync(cluster.Datalake));
        await cluster.StartAsync();
        // The stop is graceful, so the job may still record the nights that finish while the silos shut down: the strike
        // then leaves no night committed but unrecorded (seen once in six local runs). Such a job is checked all the
        // same, and the strike repeated on a new one.
        for (var attempt = 1; ; attempt++)
        {
            var jobId = await SubmitAsync(cluster[0]);
            var atStop = await WaitForCommittedButUnrecordedNightAsync(cluster, cluster[0], jobId);
            await cluster.StopAllAsync();
            var committedAtStop = await JobTopicReader.CommittedNightsAsync(cluster.Kafka.BootstrapServers, jobId);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: stopped every silo at {atStop}; {committedAtStop} committed once stopped");
            await cluster.StartAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: started again");

            var final = await JobHttp.WaitForFinishAsync(cluster[1], jobId, Patience);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {final.Json}");
            var recordedAtStop = RecordedAtResume(await JobHttp.LogAsync(cluster[2], jobId));
            var struck = committedAtStop > recordedAtStop;
            await AssertCompletedExactlyOnceAsync(cluster, cluster[2], jobId, final, await reference, everyScanLost: struck);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: checked, attempt {attempt}: {recordedAtStop} nights recorded at the stop, {committedAtStop} committed");
            if (struck) return;
            Assert.True(attempt < 3, $"in {attempt} attempts the silos never stopped while Kafka held a night the job had not recorded");
        }
    }

    // The nights a job had recorded when it was stopped, from its log line on resuming ("resumed on S...: 4 of 16 nights recorded").
    private static int RecordedAtResume(string log)
    {
        var match = Regex.Match(log, @"resumed on \S+: (\d+) of \d+ nights recorded");
        Assert.True(match.Success, $"the job never said it resumed:\n{log}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private Task<DurableCluster> CreateClusterAsync() =>
        DurableCluster.CreateAsync(postgres, writeDatalake: PlantedNightsDatalake.WriteAsync, environment: SlowJobs);

    private static async Task<string> SubmitAsync(SiloProcess silo) =>
        await JobHttp.SubmitAsync(silo, PlantedNightsDatalake.Request(await JobHttp.UploadAsync(silo, PlantedNightsDatalake.CatalogPath)));

    // Polls until the job has recorded some nights, not most, and Kafka holds a night more than it recorded.
    private static async Task<string> WaitForCommittedButUnrecordedNightAsync(DurableCluster cluster, SiloProcess silo, string jobId)
    {
        var bootstrap = cluster.Kafka.BootstrapServers;
        var deadline = DateTime.UtcNow + Patience;
        JobStatusView? status = null;
        var committed = 0;
        while (DateTime.UtcNow < deadline)
        {
            status = await JobHttp.TryStatusAsync(silo, jobId);
            if (status is { Status: "running", ShardsDone: >= 2 } && status.ShardsDone <= status.ShardsTotal - 4)
            {
                committed = await JobTopicReader.CommittedNightsAsync(bootstrap, jobId);
                if (committed > status.ShardsDone) return $"{status.ShardsDone} nights recorded, {committed} committed";
            }
            Assert.False(status is { Status: not ("queued" or "running") }, $"the job finished before the test could strike: {status?.Json}");
            await Task.Delay(50);
        }
        throw new TimeoutException($"job {jobId} never had a committed but unrecorded night: last {status?.Json}, {committed} committed\n{await JobHttp.LogAsync(silo, jobId)}\n{string.Join("\n---\n", Enumerable.Range(0, 3).Select(i => cluster[i].Output))}");
    }

    private async Task AssertCompletedExactlyOnceAsync(DurableCluster cluster, SiloProcess silo, string jobId, JobStatusView final, ResultTable expected, bool everyScanLost)
    {
        var log = await JobHttp.LogAsync(silo, jobId);
        output.WriteLine(log);
        await PlantedJobChecks.AssertCompletedExactlyOnceAsync(silo, cluster.Kafka.BootstrapServers, jobId, final, expected);

        // What the interruption did: the job grain came back from PostgreSQL on another activation and said so.
        Assert.Contains("resumed on ", log, StringComparison.Ordinal);
        if (!everyScanLost) return;
        // Every scan died while Kafka held a night the job had not recorded: that night was scanned again and its
        // rows were not published twice.
        Assert.Contains("its scan was lost, scheduling it again", log, StringComparison.Ordinal);
        Assert.Contains("(already in Kafka from an earlier run)", log, StringComparison.Ordinal);
    }
}
