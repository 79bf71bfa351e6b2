using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using FinkXmatch.Grains.Jobs;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Faults;

/// <summary>
/// Faults inside a running job on the real host: a datalake file deleted or damaged after the job planned its nights
/// (that night fails naming the file, is retried, then the job fails saying so; the service carries on), and a cancel
/// while result parts are written but not committed to Kafka (the scans stop within seconds and no part file remains).
/// </summary>
public sealed class JobFaultTests(FaultHostFixture host, ITestOutputHelper output) : IClassFixture<FaultHostFixture>
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_datalake_file_deleted_mid_job_fails_its_night_then_the_job_naming_the_file()
    {
        var (jobId, file) = await StrikeNightAsync(first: 0, struck: 1, File.Delete);
        await AssertFailedNamingAsync(jobId, GatedHostFixture.NightName(1), file, healthyNight: 0);
    }

    [Fact]
    public async Task A_datalake_file_truncated_mid_job_fails_its_night_then_the_job_naming_the_file()
    {
        var (jobId, file) = await StrikeNightAsync(first: 2, struck: 3, path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.SetLength(stream.Length / 2);
        });
        await AssertFailedNamingAsync(jobId, GatedHostFixture.NightName(3), file, healthyNight: 2);
    }

    [Fact]
    public async Task Cancel_before_the_written_parts_are_committed_stops_the_scans_within_seconds_and_leaves_no_part_file()
    {
        var catalogId = await host.UploadCatalogAsync();
        host.Gate.HoldWrites();
        try
        {
            var jobId = await host.SubmitJobAsync(catalogId, 0, 1);
            await WaitUntilAsync(() => host.Gate.HeldParts.Length == 2, TimeSpan.FromSeconds(30), "both nights written, not committed");
            var parts = host.Gate.HeldParts;
            Assert.All(parts, part => Assert.True(new FileInfo(part).Length > 0, $"{part} should be written"));

            var clock = Stopwatch.StartNew();
            using (var cancel = await host.Client.DeleteAsync($"/api/v1/xmatch/{jobId}"))
                Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            await host.WaitForStatusAsync(jobId, "cancelled", seconds: 5);
            await WaitUntilAsync(() => host.Gate.InFlight == 0, Quickly, "every scan to end");
            output.WriteLine($"cancelled, scans ended after {clock.Elapsed.TotalMilliseconds:F0} ms");
            Assert.True(clock.Elapsed < Quickly, $"scans stopped after {clock.Elapsed}");

            foreach (var night in new[] { GatedHostFixture.NightName(0), GatedHostFixture.NightName(1) })
            {
                var progress = await host.Grains.GetGrain<INightShardGrain>(NightShardWork.Key(jobId, night)).GetProgressAsync();
                Assert.Equal(ShardRunState.Cancelled, progress.State);
            }
            Assert.All(parts, part => Assert.False(File.Exists(part), $"{part} is left behind"));
            Assert.Empty(Directory.EnumerateFiles(host.DataDirectory, "*.part", SearchOption.AllDirectories));
            Assert.False(Directory.Exists(host.Results.JobDirectory(jobId)));
            Assert.Contains("cancelled (2 scans stopped, 0 of 2 nights had finished)", await host.Client.GetStringAsync($"/api/v1/xmatch/{jobId}/log"),
                StringComparison.Ordinal);
        }
        finally
        {
            host.Gate.ReleaseWrites();
        }
    }

    // Submits nights first..struck with every scan held before reading, strikes the struck night's first file, lets go.
    private async Task<(string JobId, string File)> StrikeNightAsync(int first, int struck, Action<string> strike)
    {
        var catalogId = await host.UploadCatalogAsync();
        var night = GatedHostFixture.Night.AddDays(struck);
        var file = Directory.GetFiles(Path.Combine(host.Datalake, $"year={night.Year}", $"month={night.Month:00}", $"day={night.Day:00}"), "*.parquet")
            .Order(StringComparer.Ordinal).First();
        host.Gate.Close();
        try
        {
            var jobId = await host.SubmitJobAsync(catalogId, first, struck);
            await WaitUntilAsync(() => host.Gate.Waiting == struck - first + 1, TimeSpan.FromSeconds(30), "every night's scan at the gate");
            strike(file);
            return (jobId, file);
        }
        finally
        {
            host.Gate.Open();
        }
    }

    private async Task AssertFailedNamingAsync(string jobId, string night, string file, int healthyNight)
    {
        var failed = await host.WaitForStatusAsync(jobId, "failed", seconds: 30);
        var error = failed["error"]!.GetValue<string>();
        var log = await host.Client.GetStringAsync($"/api/v1/xmatch/{jobId}/log");
        output.WriteLine(log);
        Assert.StartsWith($"night {night} failed {XmatchJobGrain.MaxShardFailures} times: ", error, StringComparison.Ordinal);
        Assert.Contains($"datalake file '{file}'", error, StringComparison.Ordinal);
        Assert.Contains($"night {night} failed (attempt 1 of {XmatchJobGrain.MaxShardFailures}), will retry: ", log, StringComparison.Ordinal);
        Assert.EndsWith($"failed: {error}", log.TrimEnd('\n').Split('\n')[^1], StringComparison.Ordinal);

        // The service carries on: healthy, and a job on an intact night completes.
        using (var health = await host.Client.GetAsync("/health")) Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var again = await host.SubmitJobAsync(await host.UploadCatalogAsync(), healthyNight, healthyNight);
        var completed = await host.WaitForStatusAsync(again, "completed");
        Assert.True(completed["matches"]!.GetValue<long>() > 0, completed.ToJsonString());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
