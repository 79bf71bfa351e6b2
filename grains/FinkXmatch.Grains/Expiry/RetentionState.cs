namespace FinkXmatch.Grains.Expiry;

/// <summary>The persisted state of the <see cref="RetentionGrain"/>: what expires when.</summary>
[GenerateSerializer]
public sealed class RetentionState
{
    /// <summary><see cref="RetentionItem.Key"/> → its entry.</summary>
    [Id(0)] public Dictionary<string, RetentionEntry> Entries { get; set; } = [];
}

/// <summary>One item waiting to expire, with the failures of earlier attempts (it is tried again at every sweep).</summary>
[GenerateSerializer]
public sealed class RetentionEntry
{
    [Id(0)] public RetentionKind Kind { get; set; }
    [Id(1)] public string Id { get; set; } = "";
    [Id(2)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(3)] public int Failures { get; set; }
    [Id(4)] public string? LastError { get; set; }

    public RetentionItem ToItem() => new(Kind, Id, ExpiresAt);
}
