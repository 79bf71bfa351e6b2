namespace FinkXmatch.Grains.Settings;

/// <summary>How long results and catalogs are kept (<c>FinkXmatch:ResultRetention</c>, ...), and how often expiry looks.</summary>
public sealed class RetentionOptions
{
    /// <summary>How long a finished job's results (files and Kafka topics) are kept before the job turns <c>expired</c> (CONTRACT §4: 7 days).</summary>
    public TimeSpan ResultRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long an uploaded catalog is kept after its upload.</summary>
    public TimeSpan CatalogRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the retention registry looks for due results and catalogs to delete.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
