using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FinkXmatch.Tests.Generations;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// Packet jobs through the HTTP API over the web host's datalake, whose nights span 2019 to 2025 and four Fink/ZTF
/// schemas (<see cref="WebFixture"/>): the downloaded Parquet is the union of what each night alone gives.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class GenerationsApiTests(WebFixture service) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fxm-generations-api-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private HttpClient Client => service.Client;

    [Fact]
    public async Task A_packet_job_over_several_years_gives_the_union_of_what_each_night_gives()
    {
        // One source at every alert's position: every night of the datalake has matches.
        var csv = Path.Combine(_directory, "alerts.csv");
        await GenerationsDatalake.WriteCatalogAsync(service.Datalake, csv);
        var catalogId = (await CatalogUpload.UploadAsync(Client, await File.ReadAllBytesAsync(csv), "alerts.csv"))["catalogId"]!.GetValue<string>();
        object Request(object nights) => new Dictionary<string, object>(((Dictionary<string, object>)nights))
        {
            ["catalogId"] = catalogId, ["raColumn"] = "ra", ["decColumn"] = "dec", ["idColumn"] = "id", ["coordinates"] = "degrees",
            ["radiusArcsec"] = 5.0, ["match"] = "nearest", ["packet"] = "medium",
        };

        var (jobId, job) = await RunAsync(Request(new Dictionary<string, object> { ["years"] = new[] { 2019, 2020, 2021, 2022, 2023, 2024, 2025 } }));
        var nights = GenerationsDatalake.Nights.Select(n => n.Night)
            .Concat(Enumerable.Range(0, ServiceFixture.DatalakeNights).Select(k => ServiceFixture.FirstNight.AddDays(k).ToString("yyyy-MM-dd")))
            .ToArray();
        var alone = new List<ResultTable>();
        foreach (var night in nights)
            alone.Add((await RunAsync(Request(new Dictionary<string, object> { ["startNight"] = night, ["stopNight"] = night }))).Table);
        Assert.All(alone, n => Assert.NotEmpty(n.Rows));
        UnionRows.AssertUnion(job, alone);
        Assert.Contains("lc_features_g", job.Columns);   // 2019, 2020, 2025 only
        Assert.Contains("tracklet", job.Columns);        // 2021, 2025 only

        // The job log names the fields some nights lack.
        var log = await Client.GetStringAsync($"/api/v1/xmatch/{jobId}/log");
        Assert.Contains(log.Split('\n'), l => l.Contains(" missing in night", StringComparison.Ordinal) && l.Contains("lc_features_g", StringComparison.Ordinal)
            && l.Contains("2021-11-03", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_schema_offered_is_the_union_of_every_night()
    {
        var schema = JsonNode.Parse(await Client.GetStringAsync("/api/v1/schema"))!;
        Assert.Equal("datalake", schema["source"]!.GetValue<string>());
        var paths = schema["fields"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "tns", "DR3Name", "tracklet", "lc_features_g.mean", "candidate.magpsf", "prv_candidates.jd" }, paths);
        var light = schema["packets"]!["light"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray();
        Assert.Contains("tns", light);
        Assert.Contains("DR3Name", light);
        Assert.DoesNotContain("prv_candidates", light);
    }

    [Fact]
    public async Task A_field_no_night_has_is_refused_with_the_nearest_names()
    {
        var catalogId = (await CatalogUpload.UploadThreeHspAsync(Client))["catalogId"]!.GetValue<string>();
        using var response = await Client.PostAsJsonAsync("/api/v1/xmatch", new
        {
            catalogId, radiusArcsec = 2.0, years = new[] { 2019, 2020, 2021 }, fields = new[] { "candidate.magpsf", "lc_feature_g" },
        });
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("unknown alert field 'lc_feature_g' (did you mean lc_features_g, lc_features_r?): use dotted paths such as candidate.magpsf", detail);
    }

    private async Task<(string JobId, ResultTable Table)> RunAsync(object request)
    {
        using var submit = await Client.PostAsJsonAsync("/api/v1/xmatch", request);
        var body = await submit.Content.ReadAsStringAsync();
        Assert.True(submit.StatusCode == HttpStatusCode.Accepted, $"{(int)submit.StatusCode} {body}");
        var jobId = JsonNode.Parse(body)!["jobId"]!.GetValue<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        JsonNode status;
        while ((status = JsonNode.Parse(await Client.GetStringAsync($"/api/v1/xmatch/{jobId}"))!)["status"]!.GetValue<string>() is not ("completed" or "failed" or "cancelled"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} not finished: {status}");
            await Task.Delay(200);
        }
        Assert.True(status["status"]!.GetValue<string>() == "completed", status.ToJsonString());
        var path = Path.Combine(_directory, jobId + ".parquet");
        await File.WriteAllBytesAsync(path, await Client.GetByteArrayAsync($"/api/v1/xmatch/{jobId}/results"));
        return (jobId, await UnionRows.ReadAsync(path));
    }
}
