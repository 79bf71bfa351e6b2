using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.KafkaEmbedded;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Sky;
using FinkXmatch.Grains;
using FinkXmatch.Grains.Jobs;
using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace FinkXmatch.Service.Tests.Jobs;

/// <summary>
/// Two silos (<see cref="InProcessTestCluster"/>) running the job grains against a generated datalake of
/// <see cref="Nights"/> nights holding counterparts of 3HSP sources, one embedded Kafka broker, and small quotas:
/// <see cref="CoresPerJob"/> scans per job, <see cref="ClusterSlots"/> in the cluster.
/// </summary>
public sealed class JobClusterFixture : IAsyncLifetime
{
    public const int Nights = 6;
    public const int AlertsPerNight = 1500;
    public const int CoresPerJob = 2;
    public const int ClusterSlots = 3;
    public static readonly DateOnly FirstNight = new(2025, 3, 1);

    private InProcessTestCluster? _cluster;
    private EmbeddedKafkaBroker? _broker;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"finkxmatch-job-tests-{Guid.NewGuid():N}");

    public string Datalake => Path.Combine(Root, "datalake");

    public string DataDirectory => Path.Combine(Root, "data");

    public string CatalogPath => Path.Combine(Root, "3hsp.csv");

    public ScanRecorder Recorder { get; } = new();

    public InProcessTestCluster Cluster => _cluster!;

    public KafkaEndpoint Kafka { get; private set; } = null!;

    public JobResultFiles Results => new(DataDirectory);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        await GenerateWithThreeHspAsync(Datalake, CatalogPath, FirstNight, Nights, AlertsPerNight, seed: 5);
        _broker = EmbeddedKafkaBroker.Start();
        Kafka = KafkaEndpoint.Embedded(_broker);
        _cluster = await DeployAsync(Kafka, DataDirectory, Datalake, CoresPerJob, ClusterSlots, services => services.AddSingleton<IShardScanObserver>(Recorder));
    }

    /// <summary>
    /// 3HSP copied to <paramref name="catalogPath"/>, and a datalake at <paramref name="datalake"/> of generated nights holding a
    /// counterpart, at most 1" away, of about a tenth of its sources; returns the catalog.
    /// </summary>
    internal static async Task<SourceCatalog> GenerateWithThreeHspAsync(string datalake, string catalogPath, DateOnly firstNight, int nights,
        int alertsPerNight, int seed)
    {
        File.Copy(TestData.Path("catalogs/3hsp.csv"), catalogPath);
        SourceCatalog catalog;
        using (var reader = CatalogReaders.Open(catalogPath)) catalog = CatalogLoader.Load(reader, new CatalogSelection("R.A.", "Dec", "id"));
        var generator = new DatalakeGenerator(new DatalakeGeneratorOptions(datalake, firstNight, nights, alertsPerNight, Seed: seed,
            CutoutBytes: 0, MaxHistory: 0));
        generator.Plant(Enumerable.Range(0, catalog.Count).Select(i => (catalog.RaDeg[i], catalog.DecDeg[i])).ToList(), 0.1, 1.0);
        await generator.GenerateAsync();
        return catalog;
    }

    /// <summary>
    /// Two silos with in-memory grain storage and reminders running the job grains on <paramref name="datalake"/>, with
    /// <paramref name="kafka"/>, <paramref name="coresPerJob"/> scans per job and <paramref name="slots"/> in the cluster;
    /// <paramref name="services"/> registers more (before the jobs' defaults, which it thus replaces).
    /// </summary>
    internal static async Task<InProcessTestCluster> DeployAsync(KafkaEndpoint kafka, string dataDirectory, string datalake, int coresPerJob, int slots,
        Action<IServiceCollection> services)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(GrainStorage.Name);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton(kafka);
            services(silo.Services);
            silo.Services.Configure<DataDirectoryOptions>(o => o.DataDirectory = dataDirectory);
            silo.Services.Configure<DatalakeOptions>(o => o.Datalake = datalake);
            silo.Services.Configure<JobOptions>(o =>
            {
                o.CoresPerJob = coresPerJob;
                o.MaxConcurrentShardScans = slots;
                o.JobTickMilliseconds = 50;
            });
            silo.Services.AddXmatchJobs();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The request the API would resolve for 3HSP at <paramref name="radiusArcsec"/> over every night.</summary>
    public XmatchJobRequest Request(double radiusArcsec = 2, MatchMode match = MatchMode.Nearest) =>
        new("cat-00000000000000000001", CatalogPath, "R.A.", "Dec", "id", CoordinateFormat.Auto, radiusArcsec, match,
            ["objectId", "candid", "candidate.magpsf"], null,
            Enumerable.Range(0, Nights).Select(n => FirstNight.AddDays(n).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray());

    public static string NewJobId() => JobTopic.NewUnique(DateTimeOffset.UtcNow).Name;

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        _broker?.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
