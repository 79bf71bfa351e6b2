using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>Uploads a catalog through <c>POST /api/v1/catalogs</c> and returns its <c>CatalogInfo</c>.</summary>
internal static class CatalogUpload
{
    public static async Task<JsonNode> UploadAsync(HttpClient client, byte[] bytes, string fileName)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { file, "file", fileName } };
        using var response = await client.PostAsync("/api/v1/catalogs", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"upload of {fileName}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> UploadThreeHspAsync(HttpClient client) =>
        await UploadAsync(client, await File.ReadAllBytesAsync(ThreeHsp.FilePath), "3hsp.csv");
}
