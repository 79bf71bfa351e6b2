using System.Diagnostics;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// Live counters of a crossmatch, updated by concurrent shard scans (read them at any time). Stage times are
/// accumulated per row group with <see cref="Stopwatch.GetTimestamp"/>, a few tens of nanoseconds per row group of
/// tens of thousands of alerts, so they are always on.
/// </summary>
public sealed class XmatchCounters
{
    private static readonly int StageCount = Enum.GetValues<XmatchStage>().Length;
    private readonly long[] _ticks = new long[StageCount];
    private long _alerts;
    private long _matches;
    private long _rowGroups;
    private int _shardsDone;

    public long AlertsScanned => Interlocked.Read(ref _alerts);
    public long Matches => Interlocked.Read(ref _matches);
    public long RowGroups => Interlocked.Read(ref _rowGroups);

    public int ShardsDone => Volatile.Read(ref _shardsDone);

    /// <summary>Time spent in a stage, summed over the scanning threads (so it can exceed the wall-clock time).</summary>
    public TimeSpan TimeIn(XmatchStage stage) => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks[(int)stage]));

    internal void AddRowGroup(long alerts, long matches)
    {
        Interlocked.Add(ref _alerts, alerts);
        Interlocked.Add(ref _matches, matches);
        Interlocked.Increment(ref _rowGroups);
    }

    /// <summary>Adds the time since <paramref name="since"/> to a stage and returns the current timestamp.</summary>
    internal long Lap(XmatchStage stage, long since)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _ticks[(int)stage], now - since);
        return now;
    }

    internal void ShardDone() => Interlocked.Increment(ref _shardsDone);
}
