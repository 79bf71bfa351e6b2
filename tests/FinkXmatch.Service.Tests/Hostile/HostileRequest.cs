using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace FinkXmatch.Service.Tests.Hostile;

/// <summary>
/// One hostile HTTP request of the corpus (request shapes rather than files): how to build it against the catalog the
/// fixture uploaded, the status expected, words its problem's detail must hold, and the <c>limit</c> member when a
/// limit refuses it.
/// </summary>
internal sealed record HostileRequest(string Name, Func<string, HttpRequestMessage> Build, HttpStatusCode Status, string[] Mentions, string? Limit = null)
{
    public override string ToString() => Name;

    public static HttpRequestMessage Json(string body, string? contentType = "application/json") =>
        Raw(HttpMethod.Post, "/api/v1/xmatch", Encoding.UTF8.GetBytes(body), contentType);

    public static HttpRequestMessage Raw(HttpMethod method, string path, byte[]? body = null, string? contentType = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is null) return request;
        request.Content = new ByteArrayContent(body);
        if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return request;
    }

    /// <summary>A catalog upload whose part headers are written by hand (names no client library would send).</summary>
    public static HttpRequestMessage Upload(string partHeaders, byte[] content, string boundary = "hostile-boundary", bool close = true)
    {
        var body = new MemoryStream();
        body.Write(Encoding.UTF8.GetBytes($"--{boundary}\r\n{partHeaders}\r\n\r\n"));
        body.Write(content);
        if (close) body.Write(Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n"));
        var request = Raw(HttpMethod.Post, "/api/v1/catalogs", body.ToArray());
        request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return request;
    }

    /// <summary>The part headers of field <c>file</c> with the given (raw) Content-Disposition parameters.</summary>
    public static string FilePart(string dispositionParameters) =>
        $"Content-Disposition: form-data; name=\"file\"; {dispositionParameters}\r\nContent-Type: application/octet-stream";
}
