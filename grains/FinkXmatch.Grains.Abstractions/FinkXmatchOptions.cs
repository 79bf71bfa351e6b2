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

    /// <summary>
    /// Root of the Fink datalake (<c>year=YYYY/month=MM/day=DD/*.parquet</c>), its survey told by its files; null when
    /// none is configured (then <see cref="Datalakes"/>, or the demo datalakes).
    /// </summary>
    public string? Datalake { get; set; }

    /// <summary>One datalake root per survey (<c>ztf</c>, <c>lsst</c>): <c>FinkXmatch:Datalakes:lsst</c>, <c>--datalake lsst=DIR</c>.</summary>
    public Dictionary<string, string> Datalakes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>embedded</c> for the in-process broker, or a <c>HOST:PORT,...</c> bootstrap list.</summary>
    public string Kafka { get; set; } = "embedded";

    /// <summary><c>memory</c> (default; state dies with the process) or a <c>postgres://</c> connection URL (not yet supported).</summary>
    public string Storage { get; set; } = "memory";

    /// <summary>How many night shards one job scans at once.</summary>
    public int CoresPerJob { get; set; } = 32;

    /// <summary>How many night shards the whole cluster scans at once, shared fairly between jobs; 0 means twice the silo's cores.</summary>
    public int MaxConcurrentShardScans { get; set; }

    /// <summary>
    /// How often an unfinished job asks for shard slots it still lacks and saves a state the storage refused, in
    /// milliseconds; every tenth tick it also asks its running nights where they are (to notice one lost with its
    /// silo). Nights tell their job when they end, so a job does not wait for a tick to finish.
    /// </summary>
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

    /// <summary>The most columns a catalog may have.</summary>
    public int MaxCatalogColumns { get; set; } = 1000;

    /// <summary>The most alert fields one crossmatch request may list.</summary>
    public int MaxFields { get; set; } = 200;

    /// <summary>The largest JSON request body accepted (e.g. <c>POST /xmatch</c>), in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1 << 20;

    /// <summary>The most alerts one cone search or region answer may hold.</summary>
    public long MaxSkySearchRows { get; set; } = 100_000;

    /// <summary>
    /// How many unfinished (queued or running) jobs one client may have at once: one user when sign-in is on
    /// (<c>Auth:Mode</c> tokens or oidc), one IP address without it.
    /// </summary>
    public int MaxUnfinishedJobsPerClient { get; set; } = 32;

    /// <summary>How many catalogs one user may upload per UTC day (sign-in on).</summary>
    public int MaxUploadsPerUserPerDay { get; set; } = 200;

    /// <summary>How many bytes of stored catalogs one user may hold at once, until they expire (sign-in on).</summary>
    public long MaxStoredBytesPerUser { get; set; } = 20L << 30;

    /// <summary>How many unfinished (queued or running) jobs the whole cluster may have at once.</summary>
    public int MaxUnfinishedJobs { get; set; } = 100;

    /// <summary>The catalog limits in force (<see cref="MaxCatalogRows"/>, <see cref="MaxCatalogColumns"/>) for the core readers.</summary>
    public Core.Catalogs.CatalogLimits CatalogLimits() => new(MaxCatalogRows, MaxCatalogColumns);

    /// <summary>The configuration key of a setting, as an operator writes it: <c>FinkXmatch:MaxFields</c>.</summary>
    public static string Key(string name) => $"{Section}:{name}";
    /// <summary>Attempts at each Kafka operation (create topics, produce a night) before the job fails, the first included.</summary>
    public int KafkaMaxAttempts { get; set; } = 5;

    /// <summary>Backoff before the second attempt at a Kafka operation; doubled (with jitter) before each next one.</summary>
    public TimeSpan KafkaFirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Time limit of one Kafka call (metadata, transaction init/commit, flush) within an attempt.</summary>
    public TimeSpan KafkaOperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Orleans silo-to-silo port (localhost clustering).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port (localhost clustering).</summary>
    public int GatewayPort { get; set; } = 30000;
}
