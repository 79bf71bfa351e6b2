using System.Net;
using System.Text.Json.Nodes;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>The page at <c>/</c> and the alert schema it completes field names from.</summary>
[Collection(WebCollection.Name)]
public sealed class WebPageTests(WebFixture service)
{
    private HttpClient Client => service.Client;

    [Fact]
    public async Task The_page_is_served_at_the_root_with_its_script_and_style()
    {
        using var page = await Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"/dashboard\">", html);
        Assert.Contains("src=\"app.js\"", html);
        Assert.Contains("href=\"app.css\"", html);

        using var script = await Client.GetAsync("/app.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/api/v1", await script.Content.ReadAsStringAsync());

        using var style = await Client.GetAsync("/app.css");
        Assert.Equal(HttpStatusCode.OK, style.StatusCode);
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_path_is_still_a_404_problem()
    {
        using var response = await Client.GetAsync("/no-such-page.html");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_schema_lists_field_paths_with_types_and_the_packets()
    {
        using var response = await Client.GetAsync("/api/v1/schema");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var schema = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("datalake", schema["source"]!.GetValue<string>());
        var types = schema["fields"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>(), f => f!["type"]!.GetValue<string>());
        Assert.Equal("double", types["candidate.jd"]);
        Assert.Equal("float", types["candidate.magpsf"]);
        Assert.Equal("string", types["objectId"]);
        Assert.Equal("struct", types["candidate"]);
        Assert.StartsWith("array<", types["prv_candidates"]);

        var light = schema["packets"]!["light"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray();
        Assert.Contains("candidate.magpsf", light);
        Assert.DoesNotContain("cutoutScience", light);
        var full = schema["packets"]!["full"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray();
        Assert.Contains("cutoutScience", full);
        Assert.Contains("prv_candidates", full);
    }
}
