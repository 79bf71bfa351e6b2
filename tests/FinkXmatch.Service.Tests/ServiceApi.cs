using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace FinkXmatch.Service.Tests;

/// <summary>The two calls every job test against a service host makes: upload a catalog, wait for a job to end.</summary>
internal static class ServiceApi
{
    /// <summary>POST /catalogs with the file's bytes; answers the catalog id.</summary>
    public static async Task<string> UploadCatalogAsync(this HttpClient client, byte[] bytes, string fileName)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PostAsync("/api/v1/catalogs", new MultipartFormDataContent { { file, "file", fileName } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["catalogId"]!.GetValue<string>();
    }

    /// <summary>Polls GET /xmatch/{jobId} until the job completed, failed or was cancelled (60 s at most); answers its status.</summary>
    public static async Task<JsonNode> WaitForJobAsync(this HttpClient client, string jobId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var status = JsonNode.Parse(await client.GetStringAsync($"/api/v1/xmatch/{jobId}"))!;
            if (status["status"]!.GetValue<string>() is "completed" or "failed" or "cancelled") return status;
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} not finished: {status}");
            await Task.Delay(50);
        }
    }
}
