using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Grains.Jobs;
using FinkXmatch.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace FinkXmatch.Service.Tests;

/// <summary>
/// One real service host in this process (as <see cref="ServiceFixture"/>) whose clock the tests advance
/// (<see cref="Clock"/>), with a <see cref="Gate"/> that can hold scans, fast job ticks, and a datalake of
/// <see cref="Nights"/> nights from <see cref="Night"/> holding counterparts of 3HSP sources; subclasses add settings.
/// </summary>
public abstract class GatedHostFixture(int nights, IReadOnlyDictionary<string, string?> settings) : IAsyncLifetime
{
    public static readonly DateOnly Night = new(2025, 5, 1);

    private WebApplication? _app;

    public int Nights => nights;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"finkxmatch-gated-host-{Guid.NewGuid():N}");

    public string DataDirectory => Path.Combine(Root, "data");

    public string Datalake => Path.Combine(Root, "datalake");

    public AdvanceableClock Clock { get; } = new();

    public ScanGate Gate { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public KafkaEndpoint Kafka => Services.GetRequiredService<KafkaEndpoint>();

    public JobResultFiles Results => new(DataDirectory);

    public async Task InitializeAsync()
    {
        var datalake = Datalake;
        var generator = new DatalakeGenerator(new DatalakeGeneratorOptions(datalake, Night, nights, 300, CutoutBytes: 0, MaxHistory: 0));
        using (var reader = Core.Catalogs.CatalogReaders.Open(TestData.Path("catalogs/3hsp.csv")))
        {
            var hsp = Core.Catalogs.CatalogLoader.Load(reader, new Core.Catalogs.CatalogSelection("R.A.", "Dec", "id"));
            generator.Plant(Enumerable.Range(0, hsp.Count).Select(i => (hsp.RaDeg[i], hsp.DecDeg[i])).ToList(), 0.05, 1.0);
        }
        await generator.GenerateAsync();

        var (siloPort, gatewayPort) = new TestClusterPortAllocator().AllocateConsecutivePortPairs(1);
        var commandLine = ServiceCommandLine.Parse(
            ["--urls", "http://127.0.0.1:0", "--data-dir", DataDirectory, "--datalake", datalake, "--kafka", "embedded"]);
        _app = ServiceHost.Build(commandLine, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
            {
                ["FinkXmatch:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
                ["FinkXmatch:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
                ["FinkXmatch:JobTickMilliseconds"] = "50",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            Clock.Register(builder.Services);
            builder.Services.AddSingleton<IShardScanObserver>(Gate);
        });
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(ServiceHost.Addresses(_app).Single()) };
    }

    public async Task<string> UploadCatalogAsync()
    {
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(TestData.Path("catalogs/3hsp.csv")));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await Client.PostAsync("/api/v1/catalogs", new MultipartFormDataContent { { file, "file", "3hsp.csv" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["catalogId"]!.GetValue<string>();
    }

    /// <summary>
    /// POST /xmatch of the catalog over nights <paramref name="first"/>..<paramref name="last"/> (indexes from 0; the first
    /// night by default), by <paramref name="client"/> (<see cref="Client"/> by default).
    /// </summary>
    public Task<HttpResponseMessage> SubmitAsync(string catalogId, int first = 0, int last = 0, HttpClient? client = null) =>
        (client ?? Client).PostAsync("/api/v1/xmatch", JsonContent(new JsonObject
        {
            ["catalogId"] = catalogId,
            ["raColumn"] = "R.A.",
            ["decColumn"] = "Dec",
            ["idColumn"] = "id",
            ["radiusArcsec"] = 2.0,
            ["startNight"] = NightName(first),
            ["stopNight"] = NightName(last),
        }));

    /// <summary>Night <paramref name="index"/> (from 0) as YYYY-MM-DD.</summary>
    public static string NightName(int index) => Night.AddDays(index).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>POST /xmatch that must be accepted; answers the job id.</summary>
    public async Task<string> SubmitJobAsync(string catalogId, int first = 0, int last = 0, HttpClient? client = null)
    {
        using var response = await SubmitAsync(catalogId, first, last, client);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["jobId"]!.GetValue<string>();
    }

    public async Task<JsonNode> StatusAsync(string jobId)
    {
        using var response = await Client.GetAsync($"/api/v1/xmatch/{jobId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Polls the job's status until <paramref name="status"/> (or fails after <paramref name="seconds"/>).</summary>
    public async Task<JsonNode> WaitForStatusAsync(string jobId, string status, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var node = await StatusAsync(jobId);
            if (node["status"]!.GetValue<string>() == status) return node;
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} is still {node["status"]} after {seconds} s, expected {status}");
            await Task.Delay(50);
        }
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    public async Task DisposeAsync()
    {
        Gate.Open();
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
