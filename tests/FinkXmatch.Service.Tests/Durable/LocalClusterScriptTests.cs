using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// deploy/local-cluster.sh for real (2 silos, its own PostgreSQL and broker, a front end): a job submitted through the
/// front end, the front end killed mid-job; the job completes in the silos, the script starts the front end again, and
/// the new one serves every match once (results and Kafka topic equal the local reference run); Ctrl-C (SIGTERM)
/// stops everything the script started.
/// </summary>
public sealed partial class LocalClusterScriptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task The_local_cluster_runs_a_job_through_its_front_end_and_a_killed_front_end_loses_nothing()
    {
        using var state = new TempDirectory();
        var datalake = Path.Combine(state.Path, "datalake");
        await PlantedNightsDatalake.WriteAsync(datalake);
        var reference = Task.Run(() => PlantedNightsDatalake.ReferenceAsync(datalake));
        var httpPort = TestPorts.FreeRun(3);
        var environment = new Dictionary<string, string>(DurableJobTests.SlowJobs)
        {
            ["SILOS"] = "2",
            ["STATE_DIR"] = Path.Combine(state.Path, "cluster"),
            ["FINKXMATCH_DATALAKE"] = datalake,
            ["HTTP_PORT"] = Port(httpPort),
            ["SILO_PORT"] = Port(TestPorts.FreeRun(2)),
            ["GATEWAY_PORT"] = Port(TestPorts.FreeRun(2)),
            ["PG_PORT"] = Port(TestPorts.Free()),
        };

        await using var script = LocalClusterScript.Start(environment);
        try
        {
            var frontEndPid = int.Parse((await script.WaitForLineAsync(FrontEndLine(), TimeSpan.FromMinutes(6))).Groups[1].Value, CultureInfo.InvariantCulture);
            // Printed two lines after the front end's: read once it is there (a loaded machine may show the one without the other).
            var kafka = (await script.WaitForLineAsync(KafkaLine(), Patience)).Groups[1].Value;
            using var frontEnd = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort + 2}"), Timeout = TimeSpan.FromSeconds(30) };
            using var silo = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };

            var catalogId = await JobHttp.UploadAsync(frontEnd, PlantedNightsDatalake.CatalogPath);
            var jobId = await JobHttp.SubmitAsync(frontEnd, PlantedNightsDatalake.Request(catalogId));
            using (var front = Process.GetProcessById(frontEndPid)) front.Kill();

            // The job carries on in the silos, and a silo answers for it; the script starts the front end again.
            var seen = await JobHttp.WaitForFinishAsync(silo, jobId, Patience);
            Assert.True(seen.Status == "completed", seen.Json);
            var again = await script.WaitForLineAsync(RestartLine(), Patience);
            Assert.NotEqual(frontEndPid.ToString(CultureInfo.InvariantCulture), again.Groups[1].Value);
            var final = await JobHttp.WaitForFinishAsync(frontEnd, jobId, Patience);
            await PlantedJobChecks.AssertCompletedExactlyOnceAsync(frontEnd, kafka, jobId, final, await reference);

            // Ctrl-C: everything stops, the silos leaving the cluster.
            Assert.Equal(0, await script.StopAsync(TimeSpan.FromSeconds(120)));
            Assert.Contains("stopped (state kept in", script.Output, StringComparison.Ordinal);
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => silo.GetAsync("/health"));
        }
        finally
        {
            output.WriteLine(script.Output);
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"api\s+\S+\s+\(finkxmatch api: front end, no silo; pid (\d+)\)")]
    private static partial Regex FrontEndLine();

    [GeneratedRegex(@"\(started again; pid (\d+)\)")]
    private static partial Regex RestartLine();

    [GeneratedRegex(@"Kafka\s+(\S+)")]
    private static partial Regex KafkaLine();
}
