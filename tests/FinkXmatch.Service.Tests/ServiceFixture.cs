using FinkXmatch.Core.Datalake;
using FinkXmatch.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace FinkXmatch.Service.Tests;

/// <summary>
/// One real service host for the HTTP tests: Kestrel on a free loopback port, an Orleans silo on free ports, the
/// embedded Kafka broker, a temporary data directory and a two-night generated datalake. Upload limits are small
/// (1 MiB, 5,000 rows) so that the limit answers can be exercised cheaply.
/// </summary>
public class ServiceFixture : IAsyncLifetime
{
    public const long MaxUploadBytes = 1 << 20;
    public const long MaxCatalogRows = 5_000;
    public const int DatalakeNights = 2;
    public const int AlertsPerNight = 300;
    public static readonly DateOnly FirstNight = new(2025, 7, 1);

    private WebApplication? _app;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"finkxmatch-service-tests-{Guid.NewGuid():N}");

    public string DataDirectory => Path.Combine(Root, "data");

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var datalake = Path.Combine(Root, "datalake");
        var generator = new DatalakeGenerator(new DatalakeGeneratorOptions(datalake, FirstNight, DatalakeNights, AlertsPerNight,
            CutoutBytes: 0, MaxHistory: 0));
        PlantCounterparts(generator);
        await generator.GenerateAsync();

        var (siloPort, gatewayPort) = new TestClusterPortAllocator().AllocateConsecutivePortPairs(1);
        var commandLine = ServiceCommandLine.Parse(
            ["--urls", "http://127.0.0.1:0", "--data-dir", DataDirectory, "--datalake", datalake, "--kafka", "embedded"]);
        _app = ServiceHost.Build(commandLine, builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FinkXmatch:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FinkXmatch:MaxCatalogRows"] = MaxCatalogRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FinkXmatch:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FinkXmatch:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(ServiceHost.Addresses(_app).Single()) };
    }

    /// <summary>A fixture that needs matches plants alerts near known sources here (none by default).</summary>
    protected virtual void PlantCounterparts(DatalakeGenerator generator)
    {
    }

    public async Task DisposeAsync()
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
