using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace FinkXmatch.Service.Tests;

[Collection(ServiceCollection.Name)]
public sealed class ServiceEndpointTests(ServiceFixture service)
{
    private HttpClient Client => service.Client;

    [Fact]
    public async Task Health_is_200_once_started()
    {
        using var response = await Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Info_names_the_reachable_embedded_broker_and_the_datalake_extent()
    {
        var info = JsonNode.Parse(await Client.GetStringAsync("/api/v1/info"))!;

        Assert.False(string.IsNullOrEmpty(info["version"]!.GetValue<string>()));
        Assert.Equal(32, info["coresPerJob"]!.GetValue<int>());
        var bootstrap = info["kafkaBootstrapServers"]!.GetValue<string>();
        Assert.Matches(@"^127\.0\.0\.1:\d+$", bootstrap);
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", int.Parse(bootstrap.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(tcp.Connected);
        }

        var datalake = info["datalake"]!;
        Assert.Equal(ServiceFixture.DatalakeNights, datalake["nights"]!.GetValue<int>());
        Assert.Equal(ServiceFixture.DatalakeNights * ServiceFixture.AlertsPerNight, datalake["alerts"]!.GetValue<long>());
        Assert.Equal("2025-07-01", datalake["firstNight"]!.GetValue<string>());
        Assert.Equal("2025-07-02", datalake["lastNight"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_catalog_and_info_endpoints()
    {
        var document = JsonNode.Parse(await Client.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();

        var upload = paths["/api/v1/catalogs"]?["post"];
        Assert.NotNull(upload);
        Assert.NotNull(upload["requestBody"]?["content"]?["multipart/form-data"]?["schema"]?["properties"]?["file"]);
        Assert.NotNull(upload["responses"]?["201"]);
        Assert.NotNull(upload["responses"]?["422"]);
        Assert.NotNull(paths["/api/v1/catalogs/{catalogId}"]?["get"]?["responses"]?["404"]);
        Assert.NotNull(paths["/api/v1/info"]?["get"]);
    }

    [Fact]
    public async Task Dashboard_answers_with_its_page()
    {
        using var response = await Client.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Orleans", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_route_is_404_problem()
    {
        using var response = await Client.GetAsync("/api/v1/no-such-thing");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }
}
