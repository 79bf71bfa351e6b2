using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    [Fact]
    public async Task Quotas_count_per_user_and_answer_429_with_retry_after()
    {
        await using var silo = await SandboxedSilo.StartAsync(AuthSettings.With(new()
        {
            ["AUTH__MODE"] = "tokens",
            ["FINKXMATCH__MAXUPLOADSPERUSERPERDAY"] = "2",
            ["FINKXMATCH__MAXSTOREDBYTESPERUSER"] = MaxStoredBytes.ToString(CultureInfo.InvariantCulture),
            ["FINKXMATCH__MAXUNFINISHEDJOBSPERCLIENT"] = "1",
            // Jobs stay unfinished for seconds.
            ["FINKXMATCH__JOBTICKMILLISECONDS"] = "5000",
        }));
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

    private static Task<HttpResponseMessage> UploadAsync(SandboxedSilo silo, string token, int rows)
    {
        var csv = new StringBuilder("name,ra,dec,note\n");
        for (var i = 0; i < rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"source{i},{i * 0.1234567:0.0000000},{i * 0.0123457 - 30:0.0000000},{Guid.NewGuid()}\n");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
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
