using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace FinkXmatch.Service.Tests.Hostile;

/// <summary>
/// A service process with every limit set small through <c>FINKXMATCH__...</c> variables, as an operator would, and
/// HTTP clients that connect from different loopback addresses (127.0.0.1, .2, .3), which the service counts as
/// different clients. Jobs tick slowly, which keeps a job that waits for anything (slots, a retry) unfinished for seconds.
/// </summary>
public sealed class LimitsFixture : IAsyncLifetime
{
    public const long MaxUploadBytes = 64 << 10;
    public const long MaxCatalogRows = 100;
    public const int MaxCatalogColumns = 5;
    public const int MaxFields = 3;
    public const long MaxRequestBodyBytes = 2048;
    public const int MaxUnfinishedJobsPerClient = 1;
    public const int MaxUnfinishedJobs = 2;

    /// <summary>How often a job asks for missing slots and checks its nights (they report their end themselves).</summary>
    public static readonly TimeSpan JobTick = TimeSpan.FromSeconds(6);

    private readonly List<HttpClient> _clients = [];
    private SandboxedSilo? _silo;

    public SandboxedSilo Silo => _silo ?? throw new InvalidOperationException("not started");

    /// <summary>A catalog of 50 sources (name, ra, dec) within every limit.</summary>
    public string CatalogId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _silo = await SandboxedSilo.StartAsync(new Dictionary<string, string>
        {
            ["FINKXMATCH__MAXUPLOADBYTES"] = Text(MaxUploadBytes),
            ["FINKXMATCH__MAXCATALOGROWS"] = Text(MaxCatalogRows),
            ["FINKXMATCH__MAXCATALOGCOLUMNS"] = Text(MaxCatalogColumns),
            ["FINKXMATCH__MAXFIELDS"] = Text(MaxFields),
            ["FINKXMATCH__MAXREQUESTBODYBYTES"] = Text(MaxRequestBodyBytes),
            ["FINKXMATCH__MAXUNFINISHEDJOBSPERCLIENT"] = Text(MaxUnfinishedJobsPerClient),
            ["FINKXMATCH__MAXUNFINISHEDJOBS"] = Text(MaxUnfinishedJobs),
            ["FINKXMATCH__JOBTICKMILLISECONDS"] = Text((long)JobTick.TotalMilliseconds),
        });
        using var upload = await UploadAsync(Csv(rows: 50, columns: 3), "fifty.csv");
        CatalogId = upload.StatusCode == HttpStatusCode.Created
            ? JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["catalogId"]!.GetValue<string>()
            : throw new InvalidOperationException($"the valid catalog was refused: {await upload.Content.ReadAsStringAsync()}");
    }

    /// <summary>A client whose connections come from <paramref name="address"/> (any 127.x.y.z: all are loopback on Linux).</summary>
    public HttpClient ClientFrom(string address)
    {
        var local = new IPEndPoint(IPAddress.Parse(address), 0);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(local);
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = Silo.Process.Url, Timeout = TimeSpan.FromSeconds(30) };
        _clients.Add(client);
        return client;
    }

    public Task<HttpResponseMessage> UploadAsync(byte[] content, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return Silo.Client.PostAsync("/api/v1/catalogs", new MultipartFormDataContent { { file, "file", fileName } });
    }

    /// <summary>A CSV of <paramref name="rows"/> sources with name, ra, dec and extra columns up to <paramref name="columns"/>.</summary>
    public static byte[] Csv(int rows, int columns)
    {
        var text = new StringBuilder(string.Join(',', new[] { "name", "ra", "dec" }.Concat(Enumerable.Range(4, Math.Max(0, columns - 3)).Select(c => $"extra{c}")))).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"S{i},{i * 7.1 % 360:R},{i * 3.3 % 90 - 45:R}");
            for (var c = 3; c < columns; c++) text.Append(",1");
            text.Append('\n');
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public async Task DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        if (_silo is not null) await _silo.DisposeAsync();
    }
}
