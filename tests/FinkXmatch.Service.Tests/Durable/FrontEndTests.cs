using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// <c>finkxmatch api</c> against a 2-silo PostgreSQL cluster: a job submitted through the front end completes, with
/// every match once; the front end is killed mid-job and the job completes all the same (it lives in the silos); a new
/// front end then serves its status, log and results.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FrontEndTests(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_job_submitted_through_the_front_end_completes_and_killing_the_front_end_loses_nothing()
    {
        await using var cluster = await DurableCluster.CreateAsync(postgres, size: 2, writeDatalake: PlantedNightsDatalake.WriteAsync,
            environment: DurableJobTests.SlowJobs);
        var reference = Task.Run(() => PlantedNightsDatalake.ReferenceAsync(cluster.Datalake));
        await cluster.StartAsync();

        var first = await cluster.StartFrontEndAsync();
        Assert.Contains("front end of cluster 'finkxmatch' (no silo here)", first.Output, StringComparison.Ordinal);
        var catalogId = await JobHttp.UploadAsync(first, PlantedNightsDatalake.CatalogPath);
        var jobId = await JobHttp.SubmitAsync(first, PlantedNightsDatalake.Request(catalogId));
        await first.KillAsync();
        await first.DisposeAsync();

        // The job carries on in the silos; a silo answers for it meanwhile.
        var seen = await JobHttp.WaitForFinishAsync(cluster[0], jobId, Patience);
        Assert.Equal("completed", seen.Status);

        await using var second = await cluster.StartFrontEndAsync();
        var final = await JobHttp.WaitForFinishAsync(second, jobId, Patience);
        output.WriteLine(await JobHttp.LogAsync(second, jobId));
        await PlantedJobChecks.AssertCompletedExactlyOnceAsync(second, cluster.Kafka.BootstrapServers, jobId, final, await reference);
    }

    [Theory]
    [InlineData(new[] { "--kafka", "127.0.0.1:9", "--datalake", "." }, "finkxmatch api needs --storage postgres://...")]
    [InlineData(new[] { "--storage", "postgres://u@127.0.0.1:9/db", "--datalake", "." }, "finkxmatch api needs --kafka HOST:PORT")]
    [InlineData(new[] { "--storage", "postgres://u@127.0.0.1:9/db", "--kafka", "127.0.0.1:9" }, "finkxmatch api needs --datalake")]
    public async Task The_front_end_needs_the_clusters_database_broker_and_datalake(string[] args, string message) =>
        Assert.Contains(message, await StartRefusal.LineAsync(["api", "--urls", "http://127.0.0.1:9", .. args], new Dictionary<string, string>()),
            StringComparison.Ordinal);
}
