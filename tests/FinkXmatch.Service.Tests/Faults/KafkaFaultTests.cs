using System.Globalization;
using System.Text.Json.Nodes;
using FinkXmatch.Service.Tests.Durable;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Faults;

/// <summary>
/// The Kafka broker fails under a real silo process: unreachable when a job is submitted, or a standalone
/// <c>finkxmatch kafka serve</c> killed mid-job. Each Kafka operation is retried with backoff (Polly, logged per attempt),
/// then the job fails with an error naming the broker; the silo stays up; and once a broker answers again at that
/// address, a job holds every match exactly once in its topic (read_committed).
/// </summary>
public sealed class KafkaFaultTests(PlantedDatalakeFixture datalake, ITestOutputHelper output) : IClassFixture<PlantedDatalakeFixture>
{
    private const int Attempts = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_broker_unreachable_at_submit_is_retried_then_fails_the_job_naming_it_and_a_job_retrying_when_it_comes_back_completes_once()
    {
        var port = TestPorts.Free();
        var broker = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        using var data = new TempDirectory();
        await using var silo = await FaultSilo.StartAsync(data.Path, datalake.Root, broker, Settings(tickMilliseconds: 200));
        var catalogId = await JobHttp.UploadAsync(silo, PlantedNightsDatalake.CatalogPath);

        // Nothing listens at the broker's address: the job is accepted, its topics cannot be created.
        var failedId = await JobHttp.SubmitAsync(silo, PlantedNightsDatalake.Request(catalogId));
        var failed = await JobHttp.WaitForFinishAsync(silo, failedId, Patience);
        var error = ErrorOf(failed);
        output.WriteLine(error);
        Assert.Equal("failed", failed.Status);
        Assert.StartsWith($"Kafka at {broker}: creating topic {failedId} failed after {Attempts} attempts: ", error, StringComparison.Ordinal);
        Assert.EndsWith($" failed: {error}", (await JobHttp.LogAsync(silo, failedId)).TrimEnd('\n').Split('\n')[^1], StringComparison.Ordinal);
        // Polly's retries, each logged with its backoff; the last attempt is not retried.
        for (var attempt = 1; attempt < Attempts; attempt++)
            Assert.Contains($"Kafka at {broker}: creating topic {failedId} failed (attempt {attempt} of {Attempts})", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"creating topic {failedId} failed (attempt {Attempts} of", silo.Output, StringComparison.Ordinal);
        await FaultSilo.AssertHealthyAsync(silo);

        // A broker comes up at that address while the next job is between attempts: the retry reaches it.
        var jobId = await JobHttp.SubmitAsync(silo, PlantedNightsDatalake.Request(catalogId));
        await silo.WaitForOutputAsync($"creating topic {jobId} failed (attempt 1 of {Attempts})", Patience);
        await using var kafka = await FaultSilo.StartBrokerAsync(port);
        var final = await JobHttp.WaitForFinishAsync(silo, jobId, Patience);
        output.WriteLine(await JobHttp.LogAsync(silo, jobId));
        await PlantedJobChecks.AssertCompletedExactlyOnceAsync(silo, broker, jobId, final, await datalake.ReferenceAsync());
    }

    [Fact]
    public async Task A_broker_killed_mid_job_fails_it_naming_the_broker_and_a_resubmission_to_the_restarted_broker_holds_every_match_once()
    {
        var port = TestPorts.Free();
        var broker = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        using var data = new TempDirectory();
        var first = await FaultSilo.StartBrokerAsync(port);
        await using var silo = await FaultSilo.StartAsync(data.Path, datalake.Root, broker, Settings(tickMilliseconds: 1000));
        var catalogId = await JobHttp.UploadAsync(silo, PlantedNightsDatalake.CatalogPath);
        // Strike once Kafka holds a night and the job still has nights to go (two at a time, one tick a second). A job
        // that ran to its end before the strike (its nights take milliseconds; reading the topic on a loaded machine can
        // take longer) tells nothing of a broker lost mid-job: the broker is started again and another job submitted,
        // at most twice.
        string lostId;
        JobStatusView failed;
        for (var submitted = 1; ; submitted++)
        {
            lostId = await JobHttp.SubmitAsync(silo, PlantedNightsDatalake.Request(catalogId));
            await DurableCluster.WaitUntilAsync(async () => await JobTopicReader.CommittedNightsAsync(broker, lostId) >= 1, Patience,
                "a night committed to Kafka");
            await first.KillAsync();
            await first.DisposeAsync();
            failed = await JobHttp.WaitForFinishAsync(silo, lostId, Patience);
            if (failed.Status != "completed" || submitted == 3) break;
            output.WriteLine($"job {lostId} completed before the broker was killed; submitting another");
            first = await FaultSilo.StartBrokerAsync(port);
        }
        var error = ErrorOf(failed);
        output.WriteLine(await JobHttp.LogAsync(silo, lostId));
        Assert.Equal("failed", failed.Status);
        Assert.True(failed.ShardsDone < failed.ShardsTotal, failed.Json);
        Assert.Matches(@"^night \d{4}-\d{2}-\d{2} failed: Kafka at " + System.Text.RegularExpressions.Regex.Escape(broker) + ": .+ failed after 3 attempts: ", error);
        Assert.Contains($"Kafka at {broker}: ", silo.Output, StringComparison.Ordinal);
        Assert.Contains($"(attempt 1 of {Attempts})", silo.Output, StringComparison.Ordinal);
        await FaultSilo.AssertHealthyAsync(silo);
        // A failed job keeps no result files, and no scan left a part file. The other night's scan may still be inside
        // a Kafka call that cannot be interrupted (its own retry budget) when the job fails; it removes its part then.
        await DurableCluster.WaitUntilAsync(() => Task.FromResult(!Directory.EnumerateFiles(data.Path, "*.part", SearchOption.AllDirectories).Any()
                && !Directory.Exists(Path.Combine(data.Path, "results", lostId))),
            TimeSpan.FromSeconds(30), "the stopped scans removed their part files and the job's results folder");

        // The broker is restarted (empty: it keeps nothing) at the same address; the job is submitted again.
        await using var second = await FaultSilo.StartBrokerAsync(port);
        var jobId = await JobHttp.SubmitAsync(silo, PlantedNightsDatalake.Request(catalogId));
        var final = await JobHttp.WaitForFinishAsync(silo, jobId, Patience);
        await PlantedJobChecks.AssertCompletedExactlyOnceAsync(silo, broker, jobId, final, await datalake.ReferenceAsync());
    }

    // Two nights at a time; a short Kafka budget: 3 attempts of at most 2 s, 0.5 s then ~1 s apart.
    private static Dictionary<string, string> Settings(int tickMilliseconds) => new()
    {
        ["FINKXMATCH__CORESPERJOB"] = "2",
        ["FINKXMATCH__JOBTICKMILLISECONDS"] = tickMilliseconds.ToString(CultureInfo.InvariantCulture),
        ["FINKXMATCH__KAFKAMAXATTEMPTS"] = Attempts.ToString(CultureInfo.InvariantCulture),
        ["FINKXMATCH__KAFKAFIRSTRETRYDELAY"] = "00:00:00.500",
        ["FINKXMATCH__KAFKAOPERATIONTIMEOUT"] = "00:00:02",
    };

    private static string ErrorOf(JobStatusView status) =>
        JsonNode.Parse(status.Json)!["error"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"no error in {status.Json}");
}
