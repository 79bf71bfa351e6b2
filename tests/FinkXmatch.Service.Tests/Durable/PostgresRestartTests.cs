using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// PostgreSQL, which holds a durable silo's grain state, membership and reminders, is restarted (<c>pg_ctl stop -m
/// fast</c>, then start) while a job runs, with nights done in memory that the database does not record: the job
/// carries on in memory, saves its state again once the database is back, and completes with every match once.
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
        // The job held with nights done in memory that PostgreSQL does not record (JobStateGate, set before the submission:
        // the job's nights take milliseconds, a status poll could not catch it running), then the database goes down.
        var gate = new JobStateGate(postgres, cluster.DatabaseUrl);
        await gate.HoldJobsAfterAsync(DurableJobTests.HeldNights);
        var jobId = await JobHttp.SubmitAsync(silo, PlantedNightsDatalake.Request(await JobHttp.UploadAsync(silo, PlantedNightsDatalake.CatalogPath)));
        output.WriteLine($"held: {await gate.HeldBehindKafkaAsync(cluster.Kafka.BootstrapServers, jobId, Patience)}");
        Assert.Equal("running", (await JobHttp.TryStatusAsync(silo, jobId))?.Status);

        await postgres.StopAsync();
        // Stopped (pg_ctl -w): what the silo prints from here on was tried with the database down, not refused at the gate.
        var outage = silo.Output.Length;
        try
        {
            // Down until the job has tried, and failed, to save a step: the outage really struck it.
            await DurableCluster.WaitUntilAsync(() => Task.FromResult(silo.Output[outage..].Contains("grain storage did not save the state", StringComparison.Ordinal)),
                Patience, "a save tried during the outage");
            output.WriteLine($"PostgreSQL down; job {(await JobHttp.TryStatusAsync(silo, jobId))?.Json}");

            // Meanwhile an upload cannot be recorded: 503 problem+json with Retry-After, and no file left behind.
            var catalogs = Path.Combine(cluster.DataDirectory, "catalogs");
            var before = Directory.GetFiles(catalogs).Length;
            var file = new ByteArrayContent(await File.ReadAllBytesAsync(PlantedNightsDatalake.CatalogPath));
            using var upload = await silo.Client.PostAsync("/api/v1/catalogs", new MultipartFormDataContent { { file, "file", "again.csv" } });
            var detail = await ProblemAssert.IsProblemAsync(upload, System.Net.HttpStatusCode.ServiceUnavailable);
            Assert.Contains("state store cannot be reached", detail, StringComparison.Ordinal);
            Assert.NotNull(upload.Headers.RetryAfter);
            Assert.Equal(before, Directory.GetFiles(catalogs).Length);
        }
        finally
        {
            await postgres.StartAsync();
        }
        await gate.OpenAsync();

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
