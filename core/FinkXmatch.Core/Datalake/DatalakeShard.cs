namespace FinkXmatch.Core.Datalake;

/// <summary>One night of the datalake: <c>ROOT/year=YYYY/month=MM/day=DD</c> and its Parquet files (sorted by name).</summary>
public sealed record DatalakeShard(int Year, int Month, int Day, string Directory, IReadOnlyList<string> Files)
{
    /// <summary>The night this shard holds, as named by its directories.</summary>
    public DateOnly Night => new(Year, Month, Day);

    /// <summary>Stable name of the shard, <c>YYYY-MM-DD</c>.</summary>
    public string Name => new Datalake.Night(Night).ToString();

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Files.Count} files)";
}
