using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FinkXmatch.Tests.Hostile;

namespace FinkXmatch.Service.Tests.Hostile;

/// <summary>
/// The one service process the whole HTTP corpus runs against (a <see cref="SandboxedSilo"/> with the corpus's upload
/// limits), a valid catalog uploaded to it, and what the process had before the corpus: its peak memory and the files
/// outside its data directory.
/// </summary>
public sealed class HostileCorpusFixture : IAsyncLifetime
{
    /// <summary>
    /// The most the process may ever hold resident while refusing the corpus: about twice what it takes (176 MiB after
    /// start, 243 MiB peak over the corpus on the development machine), far below what one forged size would cost.
    /// </summary>
    public const long MaxPeakResidentBytes = 512L << 20;

    private SandboxedSilo? _silo;

    public SandboxedSilo Silo => _silo ?? throw new InvalidOperationException("not started");

    public string CatalogId { get; private set; } = "";

    public long PeakAtStart { get; private set; }

    public IReadOnlyList<string> EntriesOutsideDataAtStart { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _silo = await SandboxedSilo.StartAsync(new Dictionary<string, string>
        {
            ["FINKXMATCH__MAXUPLOADBYTES"] = HostileCorpus.MaxUploadBytes.ToString(CultureInfo.InvariantCulture),
            ["FINKXMATCH__MAXCATALOGROWS"] = HostileCorpus.MaxCatalogRows.ToString(CultureInfo.InvariantCulture),
        });
        CatalogId = await UploadAsync(ValidCatalogs.Instance.DegreesCsv, "valid.csv") is (HttpStatusCode.Created, var body)
            ? JsonNode.Parse(body)!["catalogId"]!.GetValue<string>()
            : throw new InvalidOperationException("the valid catalog was refused");
        PeakAtStart = Silo.PeakResidentBytes();
        EntriesOutsideDataAtStart = Silo.EntriesOutsideData();
    }

    /// <summary>POST /api/v1/catalogs with the file as field <c>file</c>; the status and body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> UploadAsync(byte[] content, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename=\"{fileName}\"");
        using var response = await Silo.Client.PostAsync("/api/v1/catalogs", new MultipartFormDataContent { file });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
    }
}
