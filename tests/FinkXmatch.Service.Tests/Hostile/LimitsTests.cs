using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinkXmatch.Service.Tests.Durable;

namespace FinkXmatch.Service.Tests.Hostile;

/// <summary>
/// Each limit (README "Limits"), set small on a real service process through <c>FINKXMATCH__...</c>: at the limit a
/// request passes, over it the answer is 413 (sizes of an upload or a body) or 422 with a detail naming the limit, its
/// value and its configuration key, and the key in the problem's <c>limit</c> member.
/// </summary>
public sealed class LimitsTests(LimitsFixture fixture) : IClassFixture<LimitsFixture>
{
    private HttpClient Client => fixture.Silo.Client;

    [Fact]
    public async Task An_upload_over_MaxUploadBytes_is_413()
    {
        var csv = LimitsFixture.Csv(rows: 99, columns: 3).Concat(Encoding.ASCII.GetBytes(new string('#', (int)LimitsFixture.MaxUploadBytes))).ToArray();
        using var response = await fixture.UploadAsync(csv, "bulky.csv");
        await AssertLimitAsync(response, HttpStatusCode.RequestEntityTooLarge, "FinkXmatch:MaxUploadBytes", "bulky.csv is larger than 64 KiB");
        Assert.Empty(fixture.Silo.DataFiles("uploads"));
    }

    [Theory]
    [InlineData(100, 3, 101, 3, HttpStatusCode.RequestEntityTooLarge, "FinkXmatch:MaxCatalogRows", "more than 100 rows")]
    [InlineData(10, 5, 10, 6, HttpStatusCode.UnprocessableEntity, "FinkXmatch:MaxCatalogColumns", "6 columns, more than the 5 accepted")]
    public async Task A_catalog_at_a_size_limit_is_accepted_and_one_over_it_refused(int rows, int columns, int overRows, int overColumns,
        HttpStatusCode status, string key, string mention)
    {
        using (var atLimit = await fixture.UploadAsync(LimitsFixture.Csv(rows, columns), "at-limit.csv"))
            Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
        using var over = await fixture.UploadAsync(LimitsFixture.Csv(overRows, overColumns), "over-limit.csv");
        await AssertLimitAsync(over, status, key, "over-limit.csv", mention);
    }

    [Fact]
    public async Task A_request_over_MaxFields_is_422()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/xmatch", new
        {
            catalogId = fixture.CatalogId, radiusArcsec = 2.0, fields = new[] { "candidate.jd", "candidate.magpsf", "candidate.fid", "candidate.ra" },
        });
        await AssertLimitAsync(response, HttpStatusCode.UnprocessableEntity, "FinkXmatch:MaxFields", "4 alert fields", "more than the 3 accepted");
    }

    [Fact]
    public async Task A_body_over_MaxRequestBodyBytes_is_413()
    {
        var padded = $$"""{"catalogId":"{{fixture.CatalogId}}","radiusArcsec":2,"idColumn":"{{new string('x', 2100)}}"}""";
        using var response = await Client.PostAsync("/api/v1/xmatch", new StringContent(padded, Encoding.UTF8, "application/json"));
        await AssertLimitAsync(response, HttpStatusCode.RequestEntityTooLarge, "FinkXmatch:MaxRequestBodyBytes", "larger than 2 KiB");
    }

    [Fact]
    public async Task A_radius_over_3600_is_422_whatever_the_settings()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/xmatch", new { catalogId = fixture.CatalogId, radiusArcsec = 3600.01 });
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("at most 3600 arcsec, got 3600.01", detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// One client (127.0.0.1) may have one unfinished job, the service two: a second job of the same client, then a
    /// third job of anyone, are refused naming the limit; cancelling a job, or its completion, frees its place.
    /// </summary>
    [Fact]
    public async Task Unfinished_jobs_are_limited_per_client_and_in_total_and_freed_when_they_end()
    {
        var first = fixture.ClientFrom("127.0.0.1");
        var second = fixture.ClientFrom("127.0.0.2");
        var third = fixture.ClientFrom("127.0.0.3");

        // At MaxFields exactly: accepted.
        var job1 = await SubmitAsync(first, fields: ["candidate.jd", "candidate.magpsf", "candidate.fid"]);
        using (var again = await PostJobAsync(first))
        {
            var detail = await AssertLimitAsync(again, HttpStatusCode.TooManyRequests, "FinkXmatch:MaxUnfinishedJobsPerClient",
                "client 127.0.0.1 already has 1 job queued or running", "at once is 1");
            Assert.True(again.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"Retry-After: {again.Headers.RetryAfter}");
            Assert.Contains("DELETE /api/v1/xmatch/", detail, StringComparison.Ordinal);
        }
        var job2 = await SubmitAsync(second);
        using (var full = await PostJobAsync(third))
            await AssertLimitAsync(full, HttpStatusCode.UnprocessableEntity, "FinkXmatch:MaxUnfinishedJobs", "the service already has 2 jobs queued or running", "at once is 2");
        Assert.Equal(2, await UnfinishedAsync(job1, job2));

        // Cancelling frees the client's place at once.
        using (var cancel = await first.DeleteAsync($"/api/v1/xmatch/{job1}"))
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var job3 = await SubmitAsync(first);

        // Completing frees its place too.
        var done = await JobHttp.WaitForFinishAsync(fixture.Silo.Process, job2, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", done.Status);
        var job4 = await SubmitAsync(third);

        foreach (var job in new[] { job3, job4 })
        {
            using var _ = await Client.DeleteAsync($"/api/v1/xmatch/{job}");
        }
    }

    [Fact]
    public async Task OpenApi_states_the_limits_in_force()
    {
        var document = JsonNode.Parse(await Client.GetStringAsync("/openapi/v1.json"))!;
        var request = document["components"]!["schemas"]!["XmatchRequest"]!["properties"]!;
        Assert.Equal(3, request["fields"]!["maxItems"]!.GetValue<int>());
        Assert.Equal("3600", request["radiusArcsec"]!["maximum"]!.ToString());
        var upload = document["paths"]!["/api/v1/catalogs"]!["post"]!;
        Assert.Contains("64 KiB (FinkXmatch:MaxUploadBytes)", upload["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(upload["responses"]!["413"]);
        var submit = document["paths"]!["/api/v1/xmatch"]!["post"]!;
        Assert.Contains("1 queued or running jobs per user (per client IP address without sign-in) (FinkXmatch:MaxUnfinishedJobsPerClient)", submit["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(submit["responses"]!["413"]);
    }

    private Task<HttpResponseMessage> PostJobAsync(HttpClient client, string[]? fields = null) =>
        client.PostAsJsonAsync("/api/v1/xmatch", new { catalogId = fixture.CatalogId, radiusArcsec = 2.0, fields });

    private async Task<string> SubmitAsync(HttpClient client, string[]? fields = null)
    {
        using var response = await PostJobAsync(client, fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["jobId"]!.GetValue<string>();
    }

    private async Task<int> UnfinishedAsync(params string[] jobs)
    {
        var count = 0;
        foreach (var job in jobs)
        {
            if (await JobHttp.TryStatusAsync(fixture.Silo.Process, job) is { Status: "queued" or "running" }) count++;
        }
        return count;
    }

    private static async Task<string> AssertLimitAsync(HttpResponseMessage response, HttpStatusCode status, string key, params string[] mentions)
    {
        var body = await response.Content.ReadAsStringAsync();
        var detail = await ProblemAssert.IsProblemAsync(response, status);
        Assert.Contains($"({key})", detail, StringComparison.Ordinal);
        foreach (var mention in mentions) Assert.Contains(mention, detail, StringComparison.Ordinal);
        Assert.Equal(key, JsonDocument.Parse(body).RootElement.GetProperty("limit").GetString());
        return detail;
    }
}
