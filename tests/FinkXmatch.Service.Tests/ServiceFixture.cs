using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace FinkXmatch.Service.Tests;

/// <summary>
/// One real service host for the HTTP tests: Kestrel on a free loopback port, an Orleans silo on free ports, the
/// embedded Kafka broker, a temporary data directory, a two-night generated ZTF datalake and a one-night LSST
/// datalake of real Rubin alerts (<see cref="Lsst.RubinNight"/>). Upload limits are small (1 MiB, 5,000 rows) so
/// that the limit answers can be exercised cheaply.
/// </summary>
public class ServiceFixture : IAsyncLifetime
{
    public const long MaxUploadBytes = 1 << 20;
    public const long MaxCatalogRows = 5_000;
    public const int DatalakeNights = 2;
    public const int AlertsPerNight = 300;
    public const double PlantedFraction = 0.1;
    public static readonly DateOnly FirstNight = new(2025, 7, 1);

    private WebApplication? _app;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"finkxmatch-service-tests-{Guid.NewGuid():N}");

    public string DataDirectory => Path.Combine(Root, "data");

    public string Datalake => Path.Combine(Root, "datalake");

    public string LsstDatalake => Path.Combine(Root, "datalake-lsst");

    public HttpClient Client { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        var datalake = Datalake;
        var generator = new DatalakeGenerator(new DatalakeGeneratorOptions(datalake, FirstNight, DatalakeNights, AlertsPerNight,
            CutoutBytes: 0, MaxHistory: 0));
        // Counterparts (within 1 arcsec) of a tenth of 3HSP, so that crossmatch jobs find something.
        using (var reader = CatalogReaders.Open(TestData.Path("catalogs/3hsp.csv")))
        {
            var hsp = CatalogLoader.Load(reader, new CatalogSelection("R.A.", "Dec", "id"));
            generator.Plant(Enumerable.Range(0, hsp.Count).Select(i => (hsp.RaDeg[i], hsp.DecDeg[i])).ToList(), PlantedFraction, 1.0);
        }
        await generator.GenerateAsync();
        await AddNightsAsync(datalake);
        Lsst.RubinNight.LayOut(LsstDatalake);

        var (siloPort, gatewayPort) = new TestClusterPortAllocator().AllocateConsecutivePortPairs(1);
        var commandLine = ServiceCommandLine.Parse(
            ["--urls", "http://127.0.0.1:0", "--data-dir", DataDirectory, "--datalake", $"ztf={datalake}", "--datalake", $"lsst={LsstDatalake}",
             "--kafka", "embedded"]);
        var settings = new Dictionary<string, string?>
        {
            ["FinkXmatch:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FinkXmatch:MaxCatalogRows"] = MaxCatalogRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FinkXmatch:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FinkXmatch:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        AddSettings(settings);
        _app = ServiceHost.Build(commandLine, builder => builder.Configuration.AddInMemoryCollection(settings));
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(ServiceHost.Addresses(_app).Single()) };
    }

    /// <summary>The host's services, once started.</summary>
    protected IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("not started");

    /// <summary>More configuration for the host before it is built (none here).</summary>
    protected virtual void AddSettings(IDictionary<string, string?> settings)
    {
    }

    /// <summary>Lays out more nights in the datalake before the host starts (none here).</summary>
    protected virtual Task AddNightsAsync(string datalake) => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}
