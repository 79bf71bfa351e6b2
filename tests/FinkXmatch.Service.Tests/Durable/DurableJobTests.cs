using System.Diagnostics;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// Crossmatch jobs on three silo processes sharing PostgreSQL, a data directory and a Kafka broker, interrupted
/// mid-job by a SIGKILL or a restart of every silo: they complete, their results are those of a local run, and their
/// Kafka topic holds every match exactly once. The tests strike when Kafka holds a night that PostgreSQL does not
/// record, a moment they make themselves by holding the job's stored state (<see cref="JobStateGate"/>, set before the
/// job is submitted: a job of millisecond nights cannot run to its end before the strike).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DurableJobTests(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    // The nights PostgreSQL records before the gate holds the job (JobStateGate): the job then stops with at most as many
    // again done in memory (its two running nights), far from its 16.
    internal const int HeldNights = 2;

    // Two nights at a time.
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
        var gate = new JobStateGate(postgres, cluster.DatabaseUrl);
        await gate.HoldJobsAfterAsync(HeldNights);
        var jobId = await SubmitAsync(cluster[0]);
        var host = await GrainPlacement.JobHostAsync(cluster, cluster[0]);
        var atKill = await gate.HeldBehindKafkaAsync(cluster.Kafka.BootstrapServers, jobId, Patience);
        var shards = await GrainPlacement.ActivationsAsync(cluster, cluster[host], GrainPlacement.ShardGrain);
        await cluster[host].KillAsync();
        await gate.OpenAsync();
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
        var gate = new JobStateGate(postgres, cluster.DatabaseUrl);
        await gate.HoldJobsAfterAsync(HeldNights);
        var jobId = await SubmitAsync(cluster[0]);
        var atStop = await gate.HeldBehindKafkaAsync(cluster.Kafka.BootstrapServers, jobId, Patience);
        await cluster.StopAllAsync();
        // What the restarted cluster finds: PostgreSQL behind Kafka by at least a night.
        var storedAtStop = await gate.StoredNightsDoneAsync(jobId);
        var committedAtStop = await JobTopicReader.CommittedNightsAsync(cluster.Kafka.BootstrapServers, jobId);
        Assert.True(committedAtStop > storedAtStop, $"{storedAtStop} nights recorded in PostgreSQL at the stop, {committedAtStop} committed");
        await gate.OpenAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: stopped every silo at {atStop}; once stopped {storedAtStop} recorded, {committedAtStop} committed");
        await cluster.StartAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: started again");

        var final = await JobHttp.WaitForFinishAsync(cluster[1], jobId, Patience);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {final.Json}");
        Assert.Matches($@"resumed on \S+: {storedAtStop} of {PlantedNightsDatalake.Nights} nights recorded", await JobHttp.LogAsync(cluster[2], jobId));
        await AssertCompletedExactlyOnceAsync(cluster, cluster[2], jobId, final, await reference, everyScanLost: true);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: checked");
    }

    private Task<DurableCluster> CreateClusterAsync() =>
        DurableCluster.CreateAsync(postgres, writeDatalake: PlantedNightsDatalake.WriteAsync, environment: SlowJobs);

    private static async Task<string> SubmitAsync(SiloProcess silo) =>
        await JobHttp.SubmitAsync(silo, PlantedNightsDatalake.Request(await JobHttp.UploadAsync(silo, PlantedNightsDatalake.CatalogPath)));

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
