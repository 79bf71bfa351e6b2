namespace FinkXmatch.Grains.Users;

/// <summary>The persisted state of a <see cref="UserQuotaGrain"/>.</summary>
[GenerateSerializer]
public sealed class UserQuotaState
{
    /// <summary>The UTC day <see cref="UploadsThatDay"/> counts.</summary>
    [Id(0)] public DateOnly Day { get; set; }

    [Id(1)] public int UploadsThatDay { get; set; }

    /// <summary>Stored catalogs not yet expired: id → bytes and when stored.</summary>
    [Id(2)] public Dictionary<string, StoredBytes> Catalogs { get; set; } = [];

    /// <summary>Results of completed jobs not yet expired: job id → bytes, when recorded and when they expire.</summary>
    [Id(3)] public Dictionary<string, StoredBytes> Results { get; set; } = [];
}

/// <summary>One stored catalog or job's results as a quota counts it.</summary>
[GenerateSerializer]
public sealed class StoredBytes
{
    [Id(0)] public long Bytes { get; set; }
    [Id(1)] public DateTimeOffset StoredAt { get; set; }

    /// <summary>When the entry is due to expire; null for catalogs stored before it was kept (then: stored + catalog retention).</summary>
    [Id(2)] public DateTimeOffset? ExpiresAt { get; set; }
}
