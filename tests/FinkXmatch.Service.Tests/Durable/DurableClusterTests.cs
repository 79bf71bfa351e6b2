using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>Three silo processes on one PostgreSQL database and one data directory: one cluster, durable state.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DurableClusterTests(PostgresServer postgres)
{
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task Catalog_state_survives_a_restart_of_every_silo()
    {
        await using var cluster = await DurableCluster.CreateAsync(postgres);
        await cluster.StartAsync();
        Assert.Equal(3, await cluster.SilosWithStatusAsync(Active));
        var uploaded = await UploadAsync(cluster[0], "3hsp.csv");

        await cluster.StopAllAsync();
        Assert.Equal(0, await cluster.SilosWithStatusAsync(Active));
        Assert.Equal(3, await cluster.SilosWithStatusAsync(Dead));
        await cluster.StartAsync();

        Assert.Equal(3, await cluster.SilosWithStatusAsync(Active));
        var read = await GetCatalogAsync(cluster[1], uploaded["catalogId"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(uploaded, read), $"after the restart silo 1 answered {read}");
    }

    [Fact]
    public async Task Three_silos_form_one_cluster_and_outlive_a_killed_member()
    {
        await using var cluster = await DurableCluster.CreateAsync(postgres);
        // Silo 0 alone first, so that the catalog grain is activated on it: killing it must move the grain.
        await cluster.StartAsync(0);
        var uploaded = await UploadAsync(cluster[0], "3hsp.csv");
        var catalogId = uploaded["catalogId"]!.GetValue<string>();
        await cluster.StartAsync(1, 2);

        Assert.Equal(3, await cluster.SilosWithStatusAsync(Active));
        foreach (var silo in new[] { 1, 2 })
            Assert.True(JsonNode.DeepEquals(uploaded, await GetCatalogAsync(cluster[silo], catalogId)));

        await cluster[0].KillAsync();
        await DurableCluster.WaitUntilAsync(async () => await cluster.StatusOfAsync(0) == Dead, TimeSpan.FromSeconds(45),
            "the surviving silos declare the killed one dead");

        Assert.Equal(2, await cluster.SilosWithStatusAsync(Active));
        foreach (var silo in new[] { 1, 2 })
            Assert.True(JsonNode.DeepEquals(uploaded, await GetCatalogAsync(cluster[silo], catalogId)), $"silo {silo} after the kill");
    }

    private static async Task<JsonNode> UploadAsync(SiloProcess silo, string catalog)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(TestData.Path($"catalogs/{catalog}")));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", catalog);
        using var response = await silo.Client.PostAsync("/api/v1/catalogs", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<JsonNode> GetCatalogAsync(SiloProcess silo, string catalogId)
    {
        using var response = await silo.Client.GetAsync($"/api/v1/catalogs/{catalogId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
