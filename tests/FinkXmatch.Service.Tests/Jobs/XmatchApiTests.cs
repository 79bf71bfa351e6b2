using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Xmatch;
using Parquet.Serialization;

namespace FinkXmatch.Service.Tests.Jobs;

/// <summary>The <c>/xmatch</c> API on the real host: a whole job checked row by row against a local run and Kafka, and bad requests.</summary>
[Collection(ServiceCollection.Name)]
public sealed class XmatchApiTests(ServiceFixture service)
{
    private static readonly string[] Fields = ["objectId", "candid", "candidate.magpsf", "candidate.jd"];

    private HttpClient Client => service.Client;

    [Fact]
    public async Task A_3hsp_job_completes_with_the_rows_of_a_local_run_and_as_many_kafka_messages()
    {
        var catalogId = await UploadAsync(await File.ReadAllBytesAsync(TestData.Path("catalogs/3hsp.csv")), "3hsp.csv");
        using var submit = await Client.PostAsJsonAsync("/api/v1/xmatch", new
        {
            catalogId, raColumn = "R.A.", decColumn = "Dec", idColumn = "id", radiusArcsec = 2.0, coordinates = "sexagesimal",
            startNight = "2025-07-01", stopNight = "2025-07-02", fields = Fields, match = "nearest",
        });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var accepted = JsonNode.Parse(await submit.Content.ReadAsStringAsync())!;
        var jobId = accepted["jobId"]!.GetValue<string>();
        Assert.Matches(@"^fxmatch_ztf_\d{4}-\d{2}-\d{2}_\d{1,20}$", jobId);
        Assert.Equal(jobId, accepted["topic"]!.GetValue<string>());
        Assert.Equal($"/api/v1/xmatch/{jobId}", submit.Headers.Location?.OriginalString);
        Assert.Contains(accepted["status"]!.GetValue<string>(), new[] { "queued", "running" });

        var status = await WaitForFinishAsync(jobId);
        Assert.Equal("completed", status["status"]!.GetValue<string>());

        var expected = await LocalRowsAsync();
        Assert.True(expected.Rows.Count > 20, $"only {expected.Rows.Count} planted matches");
        Assert.Equal(2, status["shardsTotal"]!.GetValue<int>());
        Assert.Equal(2, status["shardsDone"]!.GetValue<int>());
        Assert.Equal(ServiceFixture.DatalakeNights * ServiceFixture.AlertsPerNight, status["alertsScanned"]!.GetValue<long>());
        Assert.Equal(expected.Rows.Count, status["matches"]!.GetValue<long>());
        Assert.Null(status["error"]);

        // The results: the local run's rows, in the same order, column by column.
        using var results = await Client.GetAsync($"/api/v1/xmatch/{jobId}/results");
        Assert.Equal(HttpStatusCode.OK, results.StatusCode);
        Assert.Equal("application/vnd.apache.parquet", results.Content.Headers.ContentType?.MediaType);
        using var parquet = new MemoryStream(await results.Content.ReadAsByteArrayAsync());
        var table = await ParquetSerializer.DeserializeUntypedAsync(parquet);
        Assert.Equal(expected.Columns, table.Schema.Fields.Select(f => f.Name));
        Assert.Equal(expected.Rows.Count, table.Data.Count);
        for (var r = 0; r < expected.Rows.Count; r++)
        {
            for (var c = 0; c < expected.Columns.Length; c++)
                Assert.Equal(Text(expected.Rows[r][c]), Text(table.Data[r][expected.Columns[c]]));
        }

        // Kafka: exactly one committed message per match, keyed by the topic.
        var keys = await KcatKeysAsync(jobId);
        Assert.Equal(expected.Rows.Count, keys.Length);
        Assert.All(keys, k => Assert.Equal(jobId, k));

        // The log tells the story in CONTRACT format.
        using var logResponse = await Client.GetAsync($"/api/v1/xmatch/{jobId}/log");
        Assert.Equal("text/plain", logResponse.Content.Headers.ContentType?.MediaType);
        var log = (await logResponse.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.All(log, l => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z \S", l));
        Assert.Contains(log, l => l.Contains($"night 2025-07-01 done: {ServiceFixture.AlertsPerNight} alerts", StringComparison.Ordinal));
        Assert.Contains($"completed: 2 nights, {2 * ServiceFixture.AlertsPerNight} alerts, {expected.Rows.Count} matches", log[^1], StringComparison.Ordinal);

        // A finished job cannot be cancelled.
        using var cancel = await Client.DeleteAsync($"/api/v1/xmatch/{jobId}");
        Assert.Contains("already completed", await ProblemAssert.IsProblemAsync(cancel, HttpStatusCode.Conflict), StringComparison.Ordinal);

        // 3HSP at 2" reaches few sky-index cells: once a night has its index (built by its first scan, this job's or an
        // earlier test's), the same job reads it through the index, with the same rows, and its log says so.
        Assert.All(log.Where(l => l.Contains(" done: ", StringComparison.Ordinal)),
            l => Assert.True(l.Contains(", full scan, sky index built from it", StringComparison.Ordinal) || l.Contains(", read through the sky index", StringComparison.Ordinal), l));
        using var again = await Client.PostAsJsonAsync("/api/v1/xmatch", new
        {
            catalogId, raColumn = "R.A.", decColumn = "Dec", idColumn = "id", radiusArcsec = 2.0, coordinates = "sexagesimal",
            startNight = "2025-07-01", stopNight = "2025-07-02", fields = Fields, match = "nearest",
        });
        var againId = JsonNode.Parse(await again.Content.ReadAsStringAsync())!["jobId"]!.GetValue<string>();
        Assert.Equal("completed", (await WaitForFinishAsync(againId))["status"]!.GetValue<string>());
        var againLog = (await Client.GetStringAsync($"/api/v1/xmatch/{againId}/log")).TrimEnd('\n').Split('\n');
        Assert.Equal(2, againLog.Count(l => l.Contains(" done: ", StringComparison.Ordinal) && l.Contains(", read through the sky index", StringComparison.Ordinal)));
        using var againResults = new MemoryStream(await Client.GetByteArrayAsync($"/api/v1/xmatch/{againId}/results"));
        var againTable = await ParquetSerializer.DeserializeUntypedAsync(againResults);
        Assert.Equal(expected.Rows.Count, againTable.Data.Count);
        for (var r = 0; r < expected.Rows.Count; r++)
            for (var c = 0; c < expected.Columns.Length; c++)
                Assert.Equal(Text(expected.Rows[r][c]), Text(againTable.Data[r][expected.Columns[c]]));
    }

    [Fact]
    public async Task One_year_chosen_twice_is_that_year_alone()
    {
        // Fink's page: "If you want only one year of Fink data, just double select the same year."
        var catalogId = await UploadAsync(await File.ReadAllBytesAsync(TestData.Path("catalogs/3hsp.csv")), "3hsp.csv");
        using var submit = await Client.PostAsJsonAsync("/api/v1/xmatch", new
        {
            catalogId, raColumn = "R.A.", decColumn = "Dec", idColumn = "id", radiusArcsec = 2.0, years = new[] { 2025, 2025 }, fields = Fields,
        });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var status = await WaitForFinishAsync(JsonNode.Parse(await submit.Content.ReadAsStringAsync())!["jobId"]!.GetValue<string>());
        Assert.Equal("completed", status["status"]!.GetValue<string>());
        // Every night of the datalake is in 2025: all of them, and the matches of a run over the whole datalake.
        Assert.Equal(ServiceFixture.DatalakeNights, status["shardsTotal"]!.GetValue<int>());
        Assert.Equal((await LocalRowsAsync()).Rows.Count, status["matches"]!.GetValue<long>());
    }

    public static TheoryData<string, HttpStatusCode, string> BadRequests => new()
    {
        { """{"catalogId":"cat-0123456789abcdef0123","radiusArcsec":1}""", HttpStatusCode.NotFound, "no catalog 'cat-0123456789abcdef0123'" },
        { """{"catalogId":"CAT","raColumn":"nope","radiusArcsec":1}""", HttpStatusCode.UnprocessableEntity, "no RA column named 'nope'" },
        { """{"catalogId":"CAT","radiusArcsec":0}""", HttpStatusCode.UnprocessableEntity, "radius must be greater than 0 and at most 3600 arcsec, got 0" },
        { """{"catalogId":"CAT","radiusArcsec":3600.5}""", HttpStatusCode.UnprocessableEntity, "at most 3600 arcsec, got 3600.5" },
        { """{"catalogId":"CAT","radiusArcsec":1,"years":[2023,2024,2026]}""", HttpStatusCode.UnprocessableEntity, "years [2023, 2024, 2026] are not consecutive" },
        { """{"catalogId":"CAT","radiusArcsec":1,"years":[2026,2025]}""", HttpStatusCode.UnprocessableEntity, "years [2026, 2025] are reversed: give the first year, then the last, e.g. [2025, 2026]" },
        { """{"catalogId":"CAT","radiusArcsec":1,"startNight":"2024-01-01","stopNight":"2024-01-31"}""", HttpStatusCode.UnprocessableEntity,
            "no night between 2024-01-01 and 2024-01-31: the datalake holds 2 nights from 2025-07-01 to 2025-07-02" },
        { """{"catalogId":"CAT","radiusArcsec":1,"fields":["candidate.magpsff"]}""", HttpStatusCode.UnprocessableEntity, "unknown alert field 'candidate.magpsff'" },
        { """{"catalogId":"CAT","radiusArcsec":1,"match":"closest"}""", HttpStatusCode.UnprocessableEntity, "match must be 'nearest' or 'all', got 'closest'" },
        { """{"catalogId":"CAT","radiusArcsec":1,"startNight":"2025-7-1","stopNight":"2025-07-02"}""", HttpStatusCode.BadRequest, "startNight must be a night YYYY-MM-DD, got '2025-7-1'" },
        { """{"catalogId":"CAT"}""", HttpStatusCode.BadRequest, "radiusArcsec is required" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_request_that_cannot_run_is_a_problem_naming_it(string body, HttpStatusCode status, string detail)
    {
        var catalogId = await UploadAsync("name,ra,dec\nA,10.5,-3.25\nB,11,4\n"u8.ToArray(), "tiny.csv");
        using var response = await Client.PostAsync("/api/v1/xmatch",
            new StringContent(body.Replace("\"CAT\"", $"\"{catalogId}\"", StringComparison.Ordinal), Encoding.UTF8, "application/json"));
        Assert.Contains(detail, await ProblemAssert.IsProblemAsync(response, status), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/log")]
    [InlineData("GET", "/results")]
    [InlineData("DELETE", "")]
    public async Task An_unknown_job_is_404_problem(string method, string suffix)
    {
        foreach (var jobId in new[] { "fxmatch_ztf_2025-01-01_42", "not-a-job" })
        {
            using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/v1/xmatch/{jobId}{suffix}"));
            Assert.Contains($"no job '{jobId}'", await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OpenApi_lists_the_xmatch_endpoints()
    {
        var paths = JsonNode.Parse(await Client.GetStringAsync("/openapi/v1.json"))!["paths"]!;
        Assert.NotNull(paths["/api/v1/xmatch"]?["post"]?["responses"]?["202"]);
        Assert.NotNull(paths["/api/v1/xmatch"]?["post"]?["responses"]?["422"]);
        Assert.NotNull(paths["/api/v1/xmatch"]?["post"]?["requestBody"]);
        Assert.NotNull(paths["/api/v1/xmatch/{jobId}"]?["get"]?["responses"]?["200"]);
        Assert.NotNull(paths["/api/v1/xmatch/{jobId}"]?["delete"]?["responses"]?["409"]);
        Assert.NotNull(paths["/api/v1/xmatch/{jobId}/log"]?["get"]);
        Assert.NotNull(paths["/api/v1/xmatch/{jobId}/results"]?["get"]?["responses"]?["409"]);
    }

    private async Task<(string[] Columns, List<object?[]> Rows)> LocalRowsAsync()
    {
        using var reader = CatalogReaders.Open(TestData.Path("catalogs/3hsp.csv"));
        var catalog = CatalogLoader.Load(reader, new CatalogSelection("R.A.", "Dec", "id", Core.Sky.CoordinateFormat.Sexagesimal));
        var plan = await XmatchPlan.CreateAsync(service.Datalake, new XmatchOptions(2.0, Fields: Fields), catalog.IdColumn);
        var rows = new List<object?[]>();
        await LocalXmatchRunner.RunAsync(plan, catalog, (batch, _) =>
        {
            rows.AddRange(batch);
            return ValueTask.CompletedTask;
        }, parallelism: 1);
        return (plan.Result.ColumnNames.ToArray(), rows);
    }

    private Task<JsonNode> WaitForFinishAsync(string jobId) => Client.WaitForJobAsync(jobId);

    private async Task<string[]> KcatKeysAsync(string topic)
    {
        var info = JsonNode.Parse(await Client.GetStringAsync("/api/v1/info"))!;
        return await Durable.JobTopicReader.KcatKeysAsync(info["kafkaBootstrapServers"]!.GetValue<string>(), topic);
    }

    private Task<string> UploadAsync(byte[] bytes, string fileName) => Client.UploadCatalogAsync(bytes, fileName);

    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
