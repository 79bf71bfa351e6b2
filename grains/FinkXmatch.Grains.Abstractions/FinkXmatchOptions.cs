namespace FinkXmatch.Grains;

/// <summary>
/// The service's settings, bound from the <c>FinkXmatch</c> configuration section (appsettings.json, environment
/// <c>FINKXMATCH__NAME</c>, or the host's command-line flags). Shared by the API and the grains, which is why it
/// lives beside the grain interfaces.
/// </summary>
public sealed class FinkXmatchOptions
{
    public const string Section = "FinkXmatch";

    /// <summary>Where uploads and catalogs are kept. Relative paths are resolved against the current directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Root of the Fink datalake (<c>year=YYYY/month=MM/day=DD/*.parquet</c>); null when none is configured.</summary>
    public string? Datalake { get; set; }

    /// <summary><c>embedded</c> for the in-process broker, or a <c>HOST:PORT,...</c> bootstrap list.</summary>
    public string Kafka { get; set; } = "embedded";

    /// <summary><c>memory</c> (default; state dies with the process) or a <c>postgres://</c> connection URL (not yet supported).</summary>
    public string Storage { get; set; } = "memory";

    /// <summary>How many night shards one job scans at once.</summary>
    public int CoresPerJob { get; set; } = 32;

    /// <summary>How many night shards the whole cluster scans at once, shared fairly between jobs; 0 means twice the silo's cores.</summary>
    public int MaxConcurrentShardScans { get; set; }

    /// <summary>How often a running job polls its shards and asks for slots, in milliseconds.</summary>
    public int JobTickMilliseconds { get; set; } = 500;

    /// <summary>The cluster limit in use: <see cref="MaxConcurrentShardScans"/>, or twice the cores.</summary>
    public int EffectiveMaxConcurrentShardScans => MaxConcurrentShardScans > 0 ? MaxConcurrentShardScans : 2 * Environment.ProcessorCount;

    /// <summary>How long a finished job's results (files and Kafka topics) are kept before the job turns <c>expired</c> (CONTRACT §4: 7 days).</summary>
    public TimeSpan ResultRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long an uploaded catalog is kept after its upload.</summary>
    public TimeSpan CatalogRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the retention registry looks for due results and catalogs to delete.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The largest upload accepted, in bytes (2 GiB by default).</summary>
    public long MaxUploadBytes { get; set; } = 2L << 30;

    /// <summary>The most rows a catalog may have.</summary>
    public long MaxCatalogRows { get; set; } = 10_000_000;

    /// <summary>Orleans silo-to-silo port (localhost clustering).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port (localhost clustering).</summary>
    public int GatewayPort { get; set; } = 30000;
}
