using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Sky;
using FinkXmatch.Tests;

namespace FinkXmatch.Service.Tests.SkySearch;

/// <summary>
/// <c>POST /api/v1/conesearch</c> and <c>/region</c> on the real host: every alert the brute force finds (positions read
/// by a full scan), as JSON, CSV or Parquet, with Fink's arguments; bad arguments are 400 problems naming the argument.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class SkySearchApiTests(ServiceFixture service)
{
    [Fact]
    public async Task A_cone_answers_every_alert_within_the_radius_sorted_by_separation()
    {
        var alerts = await BruteForceAsync(service.Datalake);
        var centre = alerts[17];
        const double radius = 18_000;
        var response = await service.Client.PostAsJsonAsync("/api/v1/conesearch", new { ra = centre.Ra.ToString("R", System.Globalization.CultureInfo.InvariantCulture), dec = centre.Dec, radius = "18000", columns = "candidate.magpsf" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var rows = JsonDocument.Parse(body).RootElement.EnumerateArray().ToArray();

        var expected = alerts.Select(a => (a.Candid, Separation: Separation.Arcsec(centre.Ra, centre.Dec, a.Ra, a.Dec)))
            .Where(a => a.Separation <= radius).OrderBy(a => a.Separation).ToArray();
        Assert.True(expected.Length > 1);
        Assert.Equal(expected.Select(e => e.Candid), rows.Select(r => r.GetProperty("candid").GetInt64()));
        Assert.Equal(expected.Select(e => e.Separation), rows.Select(r => r.GetProperty("separation_arcsec").GetDouble()));
        Assert.True(rows[0].TryGetProperty("magpsf", out _));

        // The same cone by query string, as CSV.
        var csv = await service.Client.GetStringAsync(FormattableString.Invariant($"/api/v1/conesearch?ra={centre.Ra:R}&dec={centre.Dec:R}&radius=18000&output-format=csv"));
        Assert.Equal(expected.Length + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // And as the sky map the web page shows: one mark per alert.
        var map = await service.Client.GetAsync(FormattableString.Invariant($"/api/v1/conesearch?ra={centre.Ra:R}&dec={centre.Dec:R}&radius=18000&output-format=svg"));
        Assert.Equal("image/svg+xml", map.Content.Headers.ContentType?.MediaType);
        var svg = System.Xml.Linq.XDocument.Parse(await map.Content.ReadAsStringAsync());
        Assert.Equal(expected.Length, svg.Descendants().Where(e => (string?)e.Attribute("id") is "sources-inside" or "sources-outside")
            .SelectMany(g => g.Elements()).Count(e => e.Name.LocalName == "circle"));
    }

    [Fact]
    public async Task A_region_answers_every_alert_inside_the_moc_as_parquet()
    {
        var alerts = await BruteForceAsync(service.Datalake);
        var cells = alerts.Take(40).Select(a => Healpix.Ang2PixNest(1 << 6, a.Ra, a.Dec)).Distinct().Order().ToArray();
        var response = await service.Client.PostAsync("/api/v1/region", new StringContent(
            JsonSerializer.Serialize(new Dictionary<string, object> { ["moc"] = new Dictionary<string, long[]> { ["6"] = cells }, ["output-format"] = "parquet" }),
            Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType?.MediaType);
        await using var parquet = await Parquet.ParquetReader.CreateAsync(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var candid = parquet.Schema.DataFields.Single(f => f.Name == "candid");
        var group = parquet.RowGroups[0];
        var values = new long?[group.RowCount];
        await group.ReadAsync(candid, values.AsMemory(), null);
        var found = values.Select(c => c!.Value);
        var expected = alerts.Where(a => cells.Contains(Healpix.Ang2PixNest(1 << 6, a.Ra, a.Dec))).Select(a => a.Candid).Order();
        Assert.Equal(expected, found.Order());
    }

    [Fact]
    public async Task A_fits_moc_as_the_body_or_as_an_upload_answers_as_the_same_moc_in_json_and_as_the_brute_force()
    {
        var alerts = await BruteForceAsync(service.Datalake);
        var json = await File.ReadAllTextAsync(ZtfDr7Moc.Json);
        var fits = await File.ReadAllBytesAsync(ZtfDr7Moc.Fits);
        async Task<long[]> CandidsAsync(HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            return [.. JsonDocument.Parse(body).RootElement.EnumerateArray().Select(r => r.GetProperty("candid").GetInt64())];
        }

        var byJson = await CandidsAsync(await service.Client.PostAsync("/api/v1/region",
            new StringContent($"{{\"moc\": {json}, \"columns\": \"candidate.magpsf\"}}", Encoding.UTF8, "application/json")));
        var body = new ByteArrayContent(fits);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/fits");
        var byFitsBody = await CandidsAsync(await service.Client.PostAsync("/api/v1/region?columns=candidate.magpsf", body));
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(fits), "moc", "ztf_dr7_moc.fits" },
            { new StringContent("candidate.magpsf"), "columns" },
        };
        var byUpload = await CandidsAsync(await service.Client.PostAsync("/api/v1/region", form));

        var expected = alerts.Where(a => ZtfDr7Moc.Contains(a.Ra, a.Dec)).Select(a => a.Candid).Order().ToArray();
        Assert.InRange(expected.Length, 10, alerts.Count - 10);
        Assert.Equal(expected, byJson.Order());
        Assert.Equal(byJson, byFitsBody);
        Assert.Equal(byJson, byUpload);
    }

    [Theory]
    [InlineData("truncated", "application/fits")]
    [InlineData("bad nuniq", "image/fits")]
    [InlineData("truncated", "multipart/form-data")]
    [InlineData("not a moc", "multipart/form-data")]
    public async Task A_malformed_fits_moc_is_a_400_problem_naming_moc(string damage, string mediaType)
    {
        var fits = await File.ReadAllBytesAsync(ZtfDr7Moc.Fits);
        fits = damage switch
        {
            "truncated" => fits[..4000],
            // The first NUNIQ (after the primary and the extension header) set to 2: no cell of any order.
            "bad nuniq" => [.. fits[..5760], 0, 0, 0, 0, 0, 0, 0, 2, .. fits[5768..]],
            _ => await File.ReadAllBytesAsync(TestData.Path("catalogs/4lac_dr3_l.fits")),
        };
        HttpContent content;
        if (mediaType != "multipart/form-data")
        {
            content = new ByteArrayContent(fits);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        }
        else
        {
            content = new MultipartFormDataContent { { new ByteArrayContent(fits), "moc", "region.fits" } };
        }
        var response = await service.Client.PostAsync("/api/v1/region", content);
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("FITS MOC", detail);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("moc", problem.RootElement.GetProperty("argument").GetString());
    }

    [Fact]
    public async Task An_lsst_cone_answers_rubin_alerts()
    {
        var alerts = await BruteForceAsync(service.LsstDatalake);
        var centre = alerts[0];
        var response = await service.Client.PostAsJsonAsync("/api/v1/conesearch", new { ra = centre.Ra, dec = centre.Dec, radius = 1, survey = "lsst" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var row = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray());
        Assert.Equal(centre.Candid, row.GetProperty("diaSourceId").GetInt64());
    }

    [Theory]
    [InlineData("{\"ra\": \"abc\", \"dec\": 1, \"radius\": 5}", "ra")]
    [InlineData("{\"ra\": 10, \"dec\": 91, \"radius\": 5}", "dec")]
    [InlineData("{\"ra\": 10, \"dec\": 1, \"radius\": 0}", "radius")]
    [InlineData("{\"ra\": 10, \"dec\": 1, \"radius\": 18001}", "radius")]
    [InlineData("{\"ra\": 10, \"dec\": 1}", "radius")]
    [InlineData("{\"ra\": 10, \"dec\": 1, \"radius\": 5, \"startdate\": \"2025-07-02\", \"stopdate\": \"2025-07-01\"}", "stopdate")]
    [InlineData("{\"ra\": 10, \"dec\": 1, \"radius\": 5, \"startdate\": \"soon\"}", "startdate")]
    [InlineData("{\"ra\": 10, \"dec\": 1, \"radius\": 5, \"raduis\": 5}", "raduis")]
    [InlineData("{\"ra\": 10, \"dec\": 1, \"radius\": 5, \"output-format\": \"fits\"}", "output-format")]
    [InlineData("{\"ra\": true, \"dec\": 1, \"radius\": 5}", "ra")]
    public async Task A_bad_cone_argument_is_a_400_problem_naming_it(string body, string argument)
    {
        var response = await service.Client.PostAsync("/api/v1/conesearch", new StringContent(body, Encoding.UTF8, "application/json"));
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(argument, detail);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(argument, problem.RootElement.GetProperty("argument").GetString());
    }

    [Theory]
    [InlineData("{\"moc\": \"{\\\"3\\\": [1, 2\"}", HttpStatusCode.BadRequest, "moc")]
    [InlineData("{\"moc\": {\"3\": [9999]}}", HttpStatusCode.BadRequest, "moc")]
    [InlineData("{\"moc\": {\"3\": [1]}, \"columns\": \"candidate.nope\"}", HttpStatusCode.UnprocessableEntity, "columns")]
    public async Task A_bad_region_is_a_problem_naming_the_argument(string body, HttpStatusCode status, string argument)
    {
        var response = await service.Client.PostAsync("/api/v1/region", new StringContent(body, Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(response, status);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(argument, problem.RootElement.GetProperty("argument").GetString());
    }

    [Theory]
    [InlineData("{\"ra\": 10, \"dec\": 1, \"radius\": 5", "at line 1, byte 33")]  // one past the last byte: the object never ends
    [InlineData("{\"ra\": 10,\n 'dec': 1}", "at line 2, byte 2")]
    public async Task A_body_that_is_not_json_is_a_400_saying_where_it_stops(string body, string where)
    {
        var response = await service.Client.PostAsync("/api/v1/conesearch", new StringContent(body, Encoding.UTF8, "application/json"));
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal($"the body is not valid JSON {where}", detail);
    }

    private static async Task<List<(long Candid, double Ra, double Dec)>> BruteForceAsync(string root)
    {
        var all = new List<(long, double, double)>();
        await new ShardScanner(ScanColumns.Candid).ScanAsync(DatalakeLayout.Open(root).Shards.SelectMany(s => s.Files), (_, batch, _) =>
        {
            for (var i = 0; i < batch.Count; i++) all.Add((batch.Candid[i], batch.Ra[i], batch.Dec[i]));
            return ValueTask.CompletedTask;
        });
        return all;
    }
}
