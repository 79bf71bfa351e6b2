using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>The job API of one silo process (or any address serving the API), as a user's script drives it.</summary>
internal static class JobHttp
{
    public static Task<string> UploadAsync(SiloProcess silo, string path) => UploadAsync(silo.Client, path);

    public static async Task<string> UploadAsync(HttpClient client, string path)
    {
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await client.PostAsync("/api/v1/catalogs", new MultipartFormDataContent { { file, "file", Path.GetFileName(path) } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["catalogId"]!.GetValue<string>();
    }

    /// <summary>POST /xmatch; answers the job id.</summary>
    public static Task<string> SubmitAsync(SiloProcess silo, object request) => SubmitAsync(silo.Client, request);

    public static async Task<string> SubmitAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/xmatch", request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["jobId"]!.GetValue<string>();
    }

    /// <summary>GET /xmatch/{jobId}, or null while the silo cannot answer (e.g. the grain is moving after a silo died).</summary>
    public static Task<JobStatusView?> TryStatusAsync(SiloProcess silo, string jobId) => TryStatusAsync(silo.Client, jobId);

    public static async Task<JobStatusView?> TryStatusAsync(HttpClient client, string jobId)
    {
        try
        {
            using var response = await client.GetAsync($"/api/v1/xmatch/{jobId}");
            if (response.StatusCode != HttpStatusCode.OK) return null;
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return new JobStatusView(json["status"]!.GetValue<string>(), json["shardsDone"]!.GetValue<int>(), json["shardsTotal"]!.GetValue<int>(),
                json["alertsScanned"]!.GetValue<long>(), json["matches"]!.GetValue<long>(), json.ToJsonString());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Polls the job through <paramref name="silo"/> until it is no longer queued or running.</summary>
    public static Task<JobStatusView> WaitForFinishAsync(SiloProcess silo, string jobId, TimeSpan timeout) =>
        WaitForFinishAsync(silo.Client, jobId, timeout);

    public static async Task<JobStatusView> WaitForFinishAsync(HttpClient client, string jobId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JobStatusView? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await TryStatusAsync(client, jobId) ?? last;
            if (last is { Status: not ("queued" or "running") }) return last;
            await Task.Delay(200);
        }
        throw new TimeoutException($"job {jobId} not finished after {timeout.TotalSeconds:0} s; last status {last?.Json ?? "none"}\nlog:\n{await LogAsync(client, jobId)}");
    }

    public static Task<string> LogAsync(SiloProcess silo, string jobId) => LogAsync(silo.Client, jobId);

    public static async Task<string> LogAsync(HttpClient client, string jobId)
    {
        try
        {
            return await client.GetStringAsync($"/api/v1/xmatch/{jobId}/log");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"(no log: {e.Message})";
        }
    }

    /// <summary>GET /xmatch/{jobId}/results: the Parquet file's rows.</summary>
    public static Task<ResultTable> ResultsAsync(SiloProcess silo, string jobId) => ResultsAsync(silo.Client, jobId);

    public static async Task<ResultTable> ResultsAsync(HttpClient client, string jobId)
    {
        using var response = await client.GetAsync($"/api/v1/xmatch/{jobId}/results");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType?.MediaType);
        using var parquet = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return await ResultTable.FromParquetAsync([parquet]);
    }
}

/// <summary>The parts of a <c>JobStatus</c> the durable tests follow, and the whole answer for messages.</summary>
internal sealed record JobStatusView(string Status, int ShardsDone, int ShardsTotal, long AlertsScanned, long Matches, string Json);
