using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// PostgreSQL, which holds a durable silo's grain state, membership and reminders, is restarted (<c>pg_ctl stop -m
/// fast</c>, then start) while a job runs: the job carries on in memory, saves its state again once the database is
/// back, and completes with every match once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRestartTests(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_job_outlives_a_restart_of_postgresql_with_every_match_once()
    {
        await using var cluster = await DurableCluster.CreateAsync(postgres, size: 1, writeDatalake: PlantedNightsDatalake.WriteAsync,
            environment: DurableJobTests.SlowJobs);
        var reference = Task.Run(() => PlantedNightsDatalake.ReferenceAsync(cluster.Datalake));
        await cluster.StartAsync();
        var silo = cluster[0];
        var jobId = await JobHttp.SubmitAsync(silo, PlantedNightsDatalake.Request(await JobHttp.UploadAsync(silo, PlantedNightsDatalake.CatalogPath)));
        await DurableCluster.WaitUntilAsync(async () => await JobHttp.TryStatusAsync(silo, jobId) is { Status: "running", ShardsDone: >= 1 },
            Patience, "the job has recorded a night");

        await postgres.StopAsync();
        try
        {
            // Down until the job has tried, and failed, to save a step: the outage really struck it.
            await silo.WaitForOutputAsync("grain storage did not save the state", Patience);
            output.WriteLine($"PostgreSQL down; job {(await JobHttp.TryStatusAsync(silo, jobId))?.Json}");
        }
        finally
        {
            await postgres.StartAsync();
        }

        var final = await JobHttp.WaitForFinishAsync(silo, jobId, Patience);
        var log = await JobHttp.LogAsync(silo, jobId);
        output.WriteLine(log);
        await PlantedJobChecks.AssertCompletedExactlyOnceAsync(silo, cluster.Kafka.BootstrapServers, jobId, final, await reference);
        Assert.Contains("grain storage did not save the job's state", log, StringComparison.Ordinal);
        // What PostgreSQL holds is the completed job (its saved log ends so), not the step the outage cut off.
        var payload = "convert_from(PayloadBinary, 'UTF8')";
        Assert.Equal(1, await postgres.ScalarAsync<int>(cluster.DatabaseUrl,
            $"SELECT count(*) FROM OrleansStorage WHERE {payload} LIKE '%topic {jobId} ready%' AND {payload} LIKE '%completed: {PlantedNightsDatalake.Nights} nights%'"));
    }
}
