using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinkXmatch.Api.Problems;
using FinkXmatch.Service.Tests.Hostile;

namespace FinkXmatch.Service.Tests.Auth;

/// <summary>
/// Signed in, the quotas count per user, whatever address they call from: uploads per UTC day, bytes of stored
/// catalogs, unfinished jobs. Over one: 429 problem+json naming the limit, with <c>Retry-After</c>; another user is not
/// affected.
/// </summary>
public sealed class UserLimitsTests
{
    private const long MaxStoredBytes = 16 << 10;

    // Holds the catalog of the results test (1,001 bytes stored) but not its job's results too (1,541 bytes).
    private const long MaxStoredBytesWithResults = 2 << 10;

    [Fact]
    public async Task Quotas_count_per_user_and_answer_429_with_retry_after()
    {
        await using var silo = await SandboxedSilo.StartAsync(AuthSettings.With(new()
        {
            ["AUTH__MODE"] = "tokens",
            ["FINKXMATCH__MAXUPLOADSPERUSERPERDAY"] = "2",
            ["FINKXMATCH__MAXSTOREDBYTESPERUSER"] = MaxStoredBytes.ToString(CultureInfo.InvariantCulture),
            ["FINKXMATCH__MAXUNFINISHEDJOBSPERCLIENT"] = "1",
            // A job stays unfinished while the next requests are made, however fast its nights: nothing listens at its
            // broker's address, so it waits to create its topics, 30 s before its second attempt (a job of milliseconds
            // could end within the next request's round trip; 120 nights scanned one at a time did not always outlast it).
            ["FINKXMATCH__KAFKAMAXATTEMPTS"] = "3",
            ["FINKXMATCH__KAFKAFIRSTRETRYDELAY"] = "00:00:30",
        }), kafka: $"127.0.0.1:{TestPorts.Free().ToString(CultureInfo.InvariantCulture)}");
        var alice = await UsersCli.AddAsync(silo, "alice");
        var bob = await UsersCli.AddAsync(silo, "bob");

        // A small catalog fits; a large one would go over the stored bytes (and is not kept), and counts as an upload.
        using var small = await UploadAsync(silo, alice, rows: 20);
        Assert.Equal(HttpStatusCode.Created, small.StatusCode);
        var stored = Directory.GetFiles(Path.Combine(silo.DataDirectory, "catalogs"));
        Assert.True(new FileInfo(Assert.Single(stored)).Length < MaxStoredBytes, "the small catalog must fit the quota");
        using (var large = await UploadAsync(silo, alice, rows: 3000))
        {
            await AssertQuotaAsync(large, "FinkXmatch:MaxStoredBytesPerUser", "user alice holds", "16 KiB one user may hold");
            // Until the small one expires (24 h) and a sweep runs.
            Assert.InRange(large.Headers.RetryAfter!.Delta!.Value.TotalHours, 23.9, 24.3);
        }
        Assert.Single(Directory.GetFiles(Path.Combine(silo.DataDirectory, "catalogs")));
        using (var third = await UploadAsync(silo, alice, rows: 20))
        {
            await AssertQuotaAsync(third, "FinkXmatch:MaxUploadsPerUserPerDay", "user alice has uploaded 2 catalogs today (UTC)", "is 2");
            var untilMidnight = DateTime.UtcNow.Date.AddDays(1) - DateTime.UtcNow;
            Assert.InRange(third.Headers.RetryAfter!.Delta!.Value.TotalSeconds, untilMidnight.TotalSeconds - 60, untilMidnight.TotalSeconds + 1);
        }
        using var bobs = await UploadAsync(silo, bob, rows: 20);
        Assert.Equal(HttpStatusCode.Created, bobs.StatusCode);

        // One unfinished job per user.
        var aliceCatalog = await CatalogIdAsync(small);
        using (var first = await SubmitAsync(silo, alice, aliceCatalog)) Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        using (var second = await SubmitAsync(silo, alice, aliceCatalog))
        {
            await AssertQuotaAsync(second, "FinkXmatch:MaxUnfinishedJobsPerClient", "user alice already has 1 job queued or running", "at once is 1");
            Assert.True(second.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"Retry-After: {second.Headers.RetryAfter}");
        }
        using (var other = await SubmitAsync(silo, bob, await CatalogIdAsync(bobs))) Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    [Fact]
    public async Task A_completed_jobs_results_count_against_the_stored_bytes_until_they_expire()
    {
        // Every source of the catalog has an alert in the datalake, so the job has results to store.
        var sources = Enumerable.Range(0, 20).Select(i => (Ra: 10 + i * 7.3, Dec: -30 + i * 2.9)).ToArray();
        var csv = new StringBuilder("name,ra,dec\n");
        foreach (var (ra, dec) in sources) csv.Append(CultureInfo.InvariantCulture, $"s{ra},{ra},{dec}\n");
        var catalog = Encoding.UTF8.GetBytes(csv.ToString());
        await using var silo = await SandboxedSilo.StartAsync(AuthSettings.With(new()
        {
            ["AUTH__MODE"] = "tokens",
            ["FINKXMATCH__MAXSTOREDBYTESPERUSER"] = MaxStoredBytesWithResults.ToString(CultureInfo.InvariantCulture),
            // Results expire long before the catalog (24 h): Retry-After must follow them.
            ["FINKXMATCH__RESULTRETENTION"] = "02:00:00",
        }), sources);
        var alice = await UsersCli.AddAsync(silo, "alice");
        var bob = await UsersCli.AddAsync(silo, "bob");

        using var upload = await UploadAsync(silo, alice, catalog);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var catalogBytes = new FileInfo(Assert.Single(Directory.GetFiles(Path.Combine(silo.DataDirectory, "catalogs")))).Length;
        Assert.True(catalogBytes < MaxStoredBytesWithResults, "the catalog alone must fit the quota");
        var catalogId = await CatalogIdAsync(upload);
        string jobId;
        using (var submit = await SubmitAsync(silo, alice, catalogId))
        {
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
            jobId = JsonNode.Parse(await submit.Content.ReadAsStringAsync())!["jobId"]!.GetValue<string>();
        }
        await WaitCompletedAsync(silo, alice, jobId);
        var resultBytes = Directory.GetFiles(Path.Combine(silo.DataDirectory, "results", jobId), "*.parquet").Sum(f => new FileInfo(f).Length);
        Assert.True(catalogBytes + resultBytes > MaxStoredBytesWithResults, $"the results ({resultBytes} bytes) must push alice over the quota");
        string held;

        // The job's results are recorded once it has completed (its expiry is scheduled right after).
        // What alice holds with the results: her catalogs (an upload accepted before the results were recorded too) and the results.
        string Held() => LimitProblems.Bytes(Directory.GetFiles(Path.Combine(silo.DataDirectory, "catalogs")).Sum(f => new FileInfo(f).Length) + resultBytes);
        using (var refusedUpload = await RetryUntilResultsCountAsync(() => UploadAsync(silo, alice, rows: 1), () => $"user alice holds {Held()}"))
        {
            held = Held();
            await AssertQuotaAsync(refusedUpload, "FinkXmatch:MaxStoredBytesPerUser", $"user alice holds {held} of stored catalogs and job results", "2 KiB one user may hold");
            Assert.InRange(refusedUpload.Headers.RetryAfter!.Delta!.Value.TotalHours, 1.9, 2.2);
        }
        using (var refusedSubmit = await SubmitAsync(silo, alice, catalogId))
        {
            await AssertQuotaAsync(refusedSubmit, "FinkXmatch:MaxStoredBytesPerUser", $"user alice holds {held}", "its results would go over");
            Assert.InRange(refusedSubmit.Headers.RetryAfter!.Delta!.Value.TotalHours, 1.9, 2.2);
        }

        using var bobs = await UploadAsync(silo, bob, catalog);
        Assert.Equal(HttpStatusCode.Created, bobs.StatusCode);
        using (var other = await SubmitAsync(silo, bob, await CatalogIdAsync(bobs))) Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    // A job turns completed just before it records its results: an upload in between is accepted (and counted), or
    // refused for the catalogs alone (what it holds then does not count the results yet). Either way: ask again.
    private static async Task<HttpResponseMessage> RetryUntilResultsCountAsync(Func<Task<HttpResponseMessage>> send, Func<string> heldWithResults)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await send();
            var early = response.StatusCode == HttpStatusCode.Created
                || (response.StatusCode == HttpStatusCode.TooManyRequests
                    && !(await response.Content.ReadAsStringAsync()).Contains(heldWithResults(), StringComparison.Ordinal));
            if (!early || DateTime.UtcNow > deadline) return response;
            response.Dispose();
            await Task.Delay(100);
        }
    }

    private static async Task WaitCompletedAsync(SandboxedSilo silo, string token, string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/xmatch/{jobId}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await silo.Client.SendAsync(request);
            var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>();
            if (status == "completed") return;
            Assert.True(status is "queued" or "running" && DateTime.UtcNow < deadline, $"job {jobId} is {status}");
            await Task.Delay(100);
        }
    }

    private static async Task AssertQuotaAsync(HttpResponseMessage response, string limit, params string[] mentions)
    {
        var body = await response.Content.ReadAsStringAsync();
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Contains($"({limit})", detail, StringComparison.Ordinal);
        foreach (var mention in mentions) Assert.Contains(mention, detail, StringComparison.Ordinal);
        Assert.Equal(limit, JsonDocument.Parse(body).RootElement.GetProperty("limit").GetString());
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
    }

    private static async Task<string> CatalogIdAsync(HttpResponseMessage upload) =>
        JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["catalogId"]!.GetValue<string>();

    private static Task<HttpResponseMessage> UploadAsync(SandboxedSilo silo, string token, int rows) => UploadAsync(silo, token, Csv(rows));

    private static byte[] Csv(int rows)
    {
        var csv = new StringBuilder("name,ra,dec,note\n");
        for (var i = 0; i < rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"source{i},{i * 0.1234567:0.0000000},{i * 0.0123457 - 30:0.0000000},{Guid.NewGuid()}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static Task<HttpResponseMessage> UploadAsync(SandboxedSilo silo, string token, byte[] csv)
    {
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/catalogs") { Content = new MultipartFormDataContent { { file, "file", "sources.csv" } } };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return silo.Client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SubmitAsync(SandboxedSilo silo, string token, string catalogId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/xmatch") { Content = JsonContent.Create(new { catalogId, radiusArcsec = 2.0 }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return silo.Client.SendAsync(request);
    }
}
