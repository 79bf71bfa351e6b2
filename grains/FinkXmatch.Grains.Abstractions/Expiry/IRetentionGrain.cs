namespace FinkXmatch.Grains.Expiry;

/// <summary>
/// The cluster's one register of what must be deleted when: a finished job's results and topics
/// (<see cref="Settings.RetentionOptions.ResultRetention"/> after it finished) and uploaded catalogs
/// (<see cref="Settings.RetentionOptions.CatalogRetention"/> after upload). It sweeps every
/// <see cref="Settings.RetentionOptions.RetentionSweepInterval"/> and expires each due item through its own grain; an item
/// whose expiry fails stays and is tried again at the next sweep. Its state is persisted, so with durable storage the
/// schedule survives restarts (a reminder wakes it up).
/// </summary>
[Alias("FinkXmatch.IRetentionGrain")]
public interface IRetentionGrain : IGrainWithIntegerKey
{
    /// <summary>The one register of the cluster.</summary>
    public const long ClusterKey = 0;

    /// <summary>Records (or moves) when <paramref name="item"/> expires. Idempotent.</summary>
    [Alias("Schedule")]
    Task ScheduleAsync(RetentionItem item);

    /// <summary>Expires every item due now; returns those expired by this sweep.</summary>
    [Alias("Sweep")]
    Task<RetentionItem[]> SweepAsync();

    /// <summary>The items waiting to expire, soonest first.</summary>
    [Alias("GetScheduled")]
    Task<RetentionItem[]> GetScheduledAsync();
}

/// <summary>What kind of thing an item is, which says which grain expires it.</summary>
public enum RetentionKind
{
    /// <summary>A finished job (<c>IXmatchJobGrain</c>): its result files and Kafka topics.</summary>
    Job,

    /// <summary>An uploaded catalog (<c>ICatalogGrain</c>): its stored file.</summary>
    Catalog,
}

/// <summary>One thing to delete at <see cref="ExpiresAt"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record RetentionItem(
    [property: Id(0)] RetentionKind Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] DateTimeOffset ExpiresAt)
{
    /// <summary>The register's key for the item: one entry per job or catalog.</summary>
    public string Key => $"{Kind}/{Id}";
}
