namespace FinkXmatch.Core.Xmatch;

/// <summary>Live counters of a crossmatch, updated by concurrent shard scans (read them at any time).</summary>
public sealed class XmatchCounters
{
    private long _alerts;
    private long _matches;
    private long _rowGroups;
    private int _shardsDone;

    public long AlertsScanned => Interlocked.Read(ref _alerts);
    public long Matches => Interlocked.Read(ref _matches);
    public long RowGroups => Interlocked.Read(ref _rowGroups);
    public int ShardsDone => Volatile.Read(ref _shardsDone);

    internal void AddRowGroup(long alerts, long matches)
    {
        Interlocked.Add(ref _alerts, alerts);
        Interlocked.Add(ref _matches, matches);
        Interlocked.Increment(ref _rowGroups);
    }

    internal void ShardDone() => Interlocked.Increment(ref _shardsDone);
}
