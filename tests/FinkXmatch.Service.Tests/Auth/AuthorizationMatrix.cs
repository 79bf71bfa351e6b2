using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FinkXmatch.Service.Tests.Hostile;

namespace FinkXmatch.Service.Tests.Auth;

/// <summary>
/// Every endpoint × anonymous, user A, user B and an operator against one real process with sign-in on, with the
/// answer each must get: 401 without credentials, 404 for B on A's catalog and job (their existence is not revealed),
/// 403 for users on operator endpoints, 2xx otherwise; every refusal is problem+json. The same for both modes: only the
/// credentials differ (API tokens or JWTs).
/// </summary>
/// <remarks>
/// <paramref name="userAName"/> and <paramref name="operatorName"/>: who the service takes A's and the operator's
/// credentials for. <paramref name="usersStatus"/>: what an operator gets from <c>/operator/users</c> (200 in tokens
/// mode, 409 otherwise).
/// </remarks>
internal sealed class AuthorizationMatrix(SandboxedSilo silo, string userAName, string userA, string userB, string operatorName,
    string operatorCredential, int usersStatus)
{
    private const int Anonymous = 0, A = 1, B = 2, Operator = 3;
    private readonly List<string> _bodies = [];

    /// <summary>Every body answered so far, to search for secrets.</summary>
    public IReadOnlyList<string> Bodies => _bodies;

    public async Task RunAsync()
    {
        // What A owns: a catalog and a completed job on it.
        using var upload = await SendAsync(A, UploadCatalog);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var catalogId = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["catalogId"]!.GetValue<string>();
        using var submit = await SendAsync(A, () => Submit(catalogId));
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var jobId = JsonNode.Parse(await submit.Content.ReadAsStringAsync())!["jobId"]!.GetValue<string>();
        await WaitCompletedAsync(jobId);

        var cases = new (string Name, Func<HttpRequestMessage> Request, int[] Expected)[]
        {
            ("health", () => Get("/health"), [200, 200, 200, 200]),
            ("web page", () => Get("/"), [200, 200, 200, 200]),
            ("sign-in config", () => Get("/api/v1/auth/config"), [200, 200, 200, 200]),
            ("info", () => Get("/api/v1/info"), [401, 200, 200, 200]),
            ("schema", () => Get("/api/v1/schema"), [401, 200, 200, 200]),
            ("openapi", () => Get("/openapi/v1.json"), [401, 200, 200, 200]),
            ("upload", UploadCatalog, [401, 201, 201, 201]),
            ("catalog", () => Get($"/api/v1/catalogs/{catalogId}"), [401, 200, 404, 200]),
            ("sky map", () => Get($"/api/v1/catalogs/{catalogId}/skymap"), [401, 200, 404, 200]),
            ("submit on A's catalog", () => Submit(catalogId), [401, 202, 404, 202]),
            ("status", () => Get($"/api/v1/xmatch/{jobId}"), [401, 200, 404, 200]),
            ("log", () => Get($"/api/v1/xmatch/{jobId}/log"), [401, 200, 404, 200]),
            ("results", () => Get($"/api/v1/xmatch/{jobId}/results"), [401, 200, 404, 200]),
            // A's job is completed: its owner and operators learn that (409), B learns nothing (404).
            ("cancel", () => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/xmatch/{jobId}"), [401, 409, 404, 409]),
            ("list", () => Get("/api/v1/xmatch"), [401, 200, 200, 200]),
            ("dashboard", () => Get("/dashboard/"), [401, 403, 403, 200]),
            ("operator scans", () => Get("/api/v1/operator/scans"), [401, 403, 403, 200]),
            ("operator jobs", () => Get("/api/v1/operator/jobs"), [401, 403, 403, 200]),
            ("operator users", () => Get("/api/v1/operator/users"), [401, 403, 403, usersStatus]),
        };
        foreach (var (name, request, expected) in cases)
        {
            for (var who = Anonymous; who <= Operator; who++)
            {
                using var response = await SendAsync(who, request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(expected[who] == (int)response.StatusCode,
                    $"{name} as {Who(who)}: expected {expected[who]}, got {(int)response.StatusCode}: {Shorten(body)}");
                if (expected[who] >= 400)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    if (expected[who] == 401) Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
                }
            }
        }

        // The list holds A's job for A only.
        Assert.Contains(jobId, await TextAsync(A, "/api/v1/xmatch"), StringComparison.Ordinal);
        Assert.DoesNotContain(jobId, await TextAsync(B, "/api/v1/xmatch"), StringComparison.Ordinal);
        var page = JsonNode.Parse(await TextAsync(A, "/api/v1/xmatch?offset=0&limit=1"))!;
        Assert.Equal(2, page["total"]!.GetValue<int>());
        Assert.Single(page["jobs"]!.AsArray());
        using var badPage = await SendAsync(A, () => Get("/api/v1/xmatch?limit=0"));
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);

        // Operators list everyone's jobs, with their owners: A's two (the first, and the one submitted in the matrix)
        // and the operator's own, newest first.
        var all = JsonNode.Parse(await TextAsync(Operator, "/api/v1/operator/jobs?limit=10"))!;
        var owned = all["jobs"]!.AsArray().Select(j => (Owner: j!["owner"]!.GetValue<string>(), Id: j["job"]!["jobId"]!.GetValue<string>())).ToArray();
        Assert.Equal(3, all["total"]!.GetValue<int>());
        Assert.Equal(3, owned.Length);
        Assert.Equal(jobId, owned[^1].Id);
        Assert.Equal([operatorName, userAName, userAName], owned.Select(j => j.Owner).ToArray());
        var onePage = JsonNode.Parse(await TextAsync(Operator, "/api/v1/operator/jobs?offset=2&limit=1"))!;
        Assert.Equal(jobId, Assert.Single(onePage["jobs"]!.AsArray())!["job"]!["jobId"]!.GetValue<string>());
        using var badOperatorPage = await SendAsync(Operator, () => Get("/api/v1/operator/jobs?offset=-1"));
        Assert.Equal(HttpStatusCode.BadRequest, badOperatorPage.StatusCode);
    }

    /// <summary>Sends <paramref name="headerValues"/> raw as Authorization headers; expects a 401 problem that does not echo them, answers its detail.</summary>
    public async Task<string> RefusedAsync(string description, params string[] headerValues)
    {
        using var request = Get("/api/v1/info");
        foreach (var value in headerValues) request.Headers.TryAddWithoutValidation("Authorization", value);
        using var response = await silo.Client.SendAsync(request);
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        foreach (var value in headerValues)
        {
            var secret = value.StartsWith("Bearer ", StringComparison.Ordinal) ? value[7..] : value;
            if (secret.Length >= 8) Assert.DoesNotContain(secret, detail, StringComparison.Ordinal);
        }
        _bodies.Add(detail);
        // The process shrugs it off.
        using var health = await silo.Client.GetAsync("/health");
        Assert.True(health.IsSuccessStatusCode && !silo.Process.HasExited, $"after {description}: the service is down");
        return detail;
    }

    private async Task WaitCompletedAsync(string jobId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var status = JsonNode.Parse(await TextAsync(A, $"/api/v1/xmatch/{jobId}"))!["status"]!.GetValue<string>();
            if (status == "completed") return;
            Assert.True(status is "queued" or "running" && DateTime.UtcNow < deadline, $"job {jobId} is {status}");
            await Task.Delay(100);
        }
    }

    private async Task<string> TextAsync(int who, string path)
    {
        using var response = await SendAsync(who, () => Get(path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} as {Who(who)}: {(int)response.StatusCode} {body}");
        return body;
    }

    private async Task<HttpResponseMessage> SendAsync(int who, Func<HttpRequestMessage> make)
    {
        using var request = make();
        if (Credential(who) is { } credential) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        var response = await silo.Client.SendAsync(request);
        if (response.Content.Headers.ContentType?.MediaType is { } type && (type.Contains("json", StringComparison.Ordinal) || type.StartsWith("text", StringComparison.Ordinal)))
            _bodies.Add(await response.Content.ReadAsStringAsync());
        return response;
    }

    private string? Credential(int who) => who switch
    {
        A => userA,
        B => userB,
        Operator => operatorCredential,
        _ => null,
    };

    private static string Who(int who) => who switch { A => "user A", B => "user B", Operator => "operator", _ => "anonymous" };

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage UploadCatalog()
    {
        var csv = new StringBuilder("name,ra,dec\n");
        for (var i = 0; i < 20; i++) csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"s{i},{i * 17.5},{i * 4 - 40}\n");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new HttpRequestMessage(HttpMethod.Post, "/api/v1/catalogs") { Content = new MultipartFormDataContent { { file, "file", "twenty.csv" } } };
    }

    private static HttpRequestMessage Submit(string catalogId) => new(HttpMethod.Post, "/api/v1/xmatch")
    {
        Content = new StringContent($$"""{"catalogId":"{{catalogId}}","radiusArcsec":5}""", Encoding.UTF8, "application/json"),
    };

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "..." : body;
}
