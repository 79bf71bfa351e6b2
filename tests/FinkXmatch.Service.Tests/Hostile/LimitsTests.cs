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
    public async Task A_request_at_MaxFields_is_accepted_and_one_over_it_422()
    {
        // At MaxFields exactly: accepted (a job of the 50 sources, done in a moment).
        using (var atLimit = await Client.PostAsJsonAsync("/api/v1/xmatch", new
        {
            catalogId = fixture.CatalogId, radiusArcsec = 2.0, fields = new[] { "candidate.jd", "candidate.magpsf", "candidate.fid" },
        }))
        {
            Assert.True(atLimit.StatusCode == HttpStatusCode.Accepted, await atLimit.Content.ReadAsStringAsync());
            var jobId = JsonNode.Parse(await atLimit.Content.ReadAsStringAsync())!["jobId"]!.GetValue<string>();
            Assert.Equal("completed", (await JobHttp.WaitForFinishAsync(fixture.Silo.Process, jobId, TimeSpan.FromSeconds(60))).Status);
        }
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

    /// <summary>A problem+json of <paramref name="status"/> naming the limit <paramref name="key"/> and each of <paramref name="mentions"/>; answers its detail.</summary>
    internal static async Task<string> AssertLimitAsync(HttpResponseMessage response, HttpStatusCode status, string key, params string[] mentions)
    {
        var body = await response.Content.ReadAsStringAsync();
        var detail = await ProblemAssert.IsProblemAsync(response, status);
        Assert.Contains($"({key})", detail, StringComparison.Ordinal);
        foreach (var mention in mentions) Assert.Contains(mention, detail, StringComparison.Ordinal);
        Assert.Equal(key, JsonDocument.Parse(body).RootElement.GetProperty("limit").GetString());
        return detail;
    }
}
