using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Parquet.Serialization;

namespace FinkXmatch.Service.Tests.Lsst;

/// <summary>
/// The service serving a ZTF and an LSST datalake at once (<see cref="ServiceFixture"/>): an LSST job on the real
/// Rubin night, the survey in <c>/info</c> and <c>/schema</c>, and the refusals that name what to change.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class LsstApiTests(ServiceFixture service)
{
    private HttpClient Client => service.Client;

    [Fact]
    public async Task An_lsst_job_matches_every_rubin_alert_to_its_source_and_writes_an_lsst_topic()
    {
        var catalogId = await UploadAsync(await RubinNight.CatalogCsvAsync(), "rubin_sources.csv");
        using var submit = await Client.PostAsJsonAsync("/api/v1/xmatch", new
        {
            catalogId, survey = "lsst", radiusArcsec = 1.0, years = new[] { 2026 }, fields = new[] { "diaSource.band" },
        });
        var body = await submit.Content.ReadAsStringAsync();
        Assert.True(submit.StatusCode == HttpStatusCode.Accepted, body);
        var jobId = JsonNode.Parse(body)!["jobId"]!.GetValue<string>();
        Assert.Matches(@"^fxmatch_lsst_\d{4}-\d{2}-\d{2}_\d{1,20}$", jobId);

        var status = await WaitForFinishAsync(jobId);
        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal(RubinNight.Alerts, status["alertsScanned"]!.GetValue<long>());
        Assert.Equal(RubinNight.Alerts, status["matches"]!.GetValue<long>());

        using var results = await Client.GetAsync($"/api/v1/xmatch/{jobId}/results");
        Assert.Equal(HttpStatusCode.OK, results.StatusCode);
        var table = await ParquetSerializer.DeserializeUntypedAsync(new MemoryStream(await results.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["diaObjectId", "diaSourceId", "band", "midpointMjdTai", "separation_arcsec", "source"], table.Schema.Fields.Select(f => f.Name));
        Assert.Equal(RubinNight.Alerts, table.Data.Count);
        foreach (var row in table.Data)
        {
            // Each alert found its own source, 0.5" north of it.
            Assert.Equal(Convert.ToString(row["diaSourceId"], System.Globalization.CultureInfo.InvariantCulture), row["source"]);
            Assert.Equal(RubinNight.OffsetArcsec, (double)row["separation_arcsec"]!, 1e-6);
            Assert.Contains((string)row["band"]!, new[] { "u", "g", "r", "i", "z", "y" });
        }

        var info = JsonNode.Parse(await Client.GetStringAsync("/api/v1/info"))!;
        var keys = await Durable.JobTopicReader.KcatKeysAsync(info["kafkaBootstrapServers"]!.GetValue<string>(), jobId);
        Assert.Equal(RubinNight.Alerts, keys.Length);
    }

    [Fact]
    public async Task After_an_lsst_job_the_sky_map_of_its_night_comes_from_the_occupancy_the_job_recorded()
    {
        // No test of this collection asks for an LSST sky map before a job: the map can only scan the night, or take
        // what the job's scan recorded beside the night's sky index.
        var catalogId = await UploadAsync(await RubinNight.CatalogCsvAsync(), "rubin_sources.csv");
        using var submit = await Client.PostAsJsonAsync("/api/v1/xmatch", new { catalogId, survey = "lsst", radiusArcsec = 1.0, years = new[] { 2026 } });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var jobId = JsonNode.Parse(await submit.Content.ReadAsStringAsync())!["jobId"]!.GetValue<string>();
        Assert.Equal("completed", (await WaitForFinishAsync(jobId))["status"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(service.DataDirectory, "index", "lsst", RubinNight.Night + ".occupancy")));

        using var map = await Client.GetAsync($"/api/v1/catalogs/{catalogId}/skymap?survey=lsst&startNight={RubinNight.Night}&stopNight={RubinNight.Night}");
        Assert.Equal(HttpStatusCode.OK, map.StatusCode);
        // Every source sits beside a Rubin alert, so inside the night's occupancy.
        Assert.Equal("1", map.Headers.GetValues("X-Inside-Alerts-Fraction").Single());
        // Not scanned by the sky map: a scan keeps its own bitmap under occupancy/.
        Assert.False(File.Exists(Path.Combine(service.DataDirectory, "occupancy", "lsst", RubinNight.Night + ".bin")));
    }

    [Fact]
    public async Task Info_and_schema_describe_each_survey()
    {
        var info = JsonNode.Parse(await Client.GetStringAsync("/api/v1/info"))!;
        var lsst = info["surveys"]!["lsst"]!;
        Assert.Equal(1, lsst["nights"]!.GetValue<int>());
        Assert.Equal(RubinNight.Alerts, lsst["alerts"]!.GetValue<long>());
        Assert.Equal(RubinNight.Night, lsst["firstNight"]!.GetValue<string>());
        // The contract's datalake member stays the ZTF one.
        Assert.Equal(info["surveys"]!["ztf"]!.ToJsonString(), info["datalake"]!.ToJsonString());

        var schema = JsonNode.Parse(await Client.GetStringAsync("/api/v1/schema?survey=lsst"))!;
        Assert.Equal("lsst", schema["survey"]!.GetValue<string>());
        Assert.Equal(["diaSource.diaObjectId", "diaSourceId"], schema["identifiers"]!.AsArray().Select(n => n!.GetValue<string>()));
        var paths = schema["fields"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()).ToHashSet();
        Assert.Contains("diaSource.psfFlux", paths);
        Assert.DoesNotContain("candidate.magpsf", paths);
        var light = schema["packets"]!["light"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal("diaSource.diaObjectId", light[0]);
        Assert.DoesNotContain("diaObject", light);

        var ztf = JsonNode.Parse(await Client.GetStringAsync("/api/v1/schema"))!;
        Assert.Equal("ztf", ztf["survey"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"survey":"gaia"}""", "unknown survey 'gaia': use \"ztf\" or \"lsst\"")]
    [InlineData("""{"survey":"lsst","fields":["candidate.magpsf"]}""", "unknown alert field 'candidate.magpsf'")]
    [InlineData("""{"survey":"lsst","packet":"light","years":[2025,2025]}""", "2025")]
    [InlineData("""{"survey":7}""", "survey must be \"ztf\" or \"lsst\"")]
    public async Task Bad_survey_requests_are_problems_naming_what_to_change(string members, string expected)
    {
        var catalogId = await UploadAsync(await RubinNight.CatalogCsvAsync(), "rubin_sources.csv");
        var request = JsonNode.Parse(members)!.AsObject();
        request["catalogId"] = catalogId;
        request["radiusArcsec"] = 1.0;
        using var response = await Client.PostAsync("/api/v1/xmatch", new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"));
        var status = response.StatusCode == HttpStatusCode.BadRequest ? HttpStatusCode.BadRequest : HttpStatusCode.UnprocessableEntity;
        var detail = await ProblemAssert.IsProblemAsync(response, status);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_survey_schema_is_a_problem()
    {
        using var response = await Client.GetAsync("/api/v1/schema?survey=gaia");
        Assert.Contains("unknown survey 'gaia'", await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity), StringComparison.Ordinal);
    }

    private Task<JsonNode> WaitForFinishAsync(string jobId) => Client.WaitForJobAsync(jobId);

    private Task<string> UploadAsync(string csv, string fileName) => Client.UploadCatalogAsync(Encoding.UTF8.GetBytes(csv), fileName);
}
