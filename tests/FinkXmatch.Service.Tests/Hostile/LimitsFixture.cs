using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace FinkXmatch.Service.Tests.Hostile;

/// <summary>
/// A service process with every limit set small through <c>FINKXMATCH__...</c> variables, as an operator would. The
/// limits on unfinished jobs, which need jobs held unfinished, are tested on a gated host (<see cref="UnfinishedJobLimitsTests"/>).
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
        });
        using var upload = await UploadAsync(Csv(rows: 50, columns: 3), "fifty.csv");
        CatalogId = upload.StatusCode == HttpStatusCode.Created
            ? JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["catalogId"]!.GetValue<string>()
            : throw new InvalidOperationException($"the valid catalog was refused: {await upload.Content.ReadAsStringAsync()}");
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
        if (_silo is not null) await _silo.DisposeAsync();
    }
}
