using System.Net;

namespace FinkXmatch.Service.Tests.Hostile;

/// <summary>
/// The limits on unfinished jobs (README "Limits"), per client (by IP address) and in total, on a host whose scans the
/// test holds at its gate, so that the jobs stay unfinished exactly as long as the test needs.
/// </summary>
public sealed class UnfinishedJobLimitsTests(UnfinishedJobsHostFixture host) : IClassFixture<UnfinishedJobsHostFixture>
{
    /// <summary>
    /// One client (127.0.0.1) may have one unfinished job, the service two: a second job of the same client, then a
    /// third job of anyone, are refused naming the limit; cancelling a job, or its completion, frees its place.
    /// </summary>
    [Fact]
    public async Task Unfinished_jobs_are_limited_per_client_and_in_total_and_freed_when_they_end()
    {
        using var first = LoopbackClient.From(host.Client.BaseAddress!, "127.0.0.1");
        using var second = LoopbackClient.From(host.Client.BaseAddress!, "127.0.0.2");
        using var third = LoopbackClient.From(host.Client.BaseAddress!, "127.0.0.3");
        var catalogId = await host.UploadCatalogAsync();

        // Every scan waits at the gate: the jobs stay running until it opens.
        host.Gate.Close();
        try
        {
            var job1 = await host.SubmitJobAsync(catalogId, 0, 1, first);
            using (var again = await host.SubmitAsync(catalogId, 0, 1, first))
            {
                var detail = await LimitsTests.AssertLimitAsync(again, HttpStatusCode.TooManyRequests, "FinkXmatch:MaxUnfinishedJobsPerClient",
                    "client 127.0.0.1 already has 1 job queued or running", "at once is 1");
                Assert.True(again.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"Retry-After: {again.Headers.RetryAfter}");
                Assert.Contains("DELETE /api/v1/xmatch/", detail, StringComparison.Ordinal);
            }
            var job2 = await host.SubmitJobAsync(catalogId, 0, 1, second);
            using (var full = await host.SubmitAsync(catalogId, 0, 1, third))
            {
                await LimitsTests.AssertLimitAsync(full, HttpStatusCode.UnprocessableEntity, "FinkXmatch:MaxUnfinishedJobs",
                    "the service already has 2 jobs queued or running", "at once is 2");
            }
            foreach (var job in new[] { job1, job2 }) Assert.Contains((await host.StatusAsync(job))["status"]!.GetValue<string>(), new[] { "queued", "running" });

            // Cancelling frees the client's place at once.
            using (var cancel = await first.DeleteAsync($"/api/v1/xmatch/{job1}"))
                Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            var job3 = await host.SubmitJobAsync(catalogId, 0, 1, first);

            // Completing frees its place too.
            host.Gate.Open();
            await host.WaitForStatusAsync(job2, "completed", seconds: 60);
            var job4 = await host.SubmitJobAsync(catalogId, 0, 1, third);

            foreach (var job in new[] { job3, job4 })
            {
                using var _ = await host.Client.DeleteAsync($"/api/v1/xmatch/{job}");
            }
        }
        finally
        {
            host.Gate.Open();
        }
    }
}
