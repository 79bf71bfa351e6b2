using System.Diagnostics;
using FinkXmatch.Core.Os;

namespace FinkXmatch.Core.Xmatch;

/// <summary>A point in time for stage laps: wall clock, the thread's CPU clock (-1 if none) and the thread.</summary>
internal readonly record struct StageMark(long Wall, long CpuNanoseconds, int Thread)
{
    public static StageMark Now() => new(Stopwatch.GetTimestamp(), ThreadCpuClock.NowNanoseconds(), Environment.CurrentManagedThreadId);
}

/// <summary>
/// Live counters of a crossmatch, updated by concurrent shard scans (read them at any time). Stage times are
/// accumulated per row group, in wall-clock time and in the scanning thread's CPU time (a few hundred nanoseconds
/// per row group of thousands of alerts, so they are always on).
/// </summary>
public sealed class XmatchCounters
{
    private static readonly int StageCount = Enum.GetValues<XmatchStage>().Length;
    private readonly long[] _ticks = new long[StageCount];
    private readonly long[] _cpuNanoseconds = new long[StageCount];
    private long _alerts;
    private long _matches;
    private long _rowGroups;
    private int _shardsDone;
    private int _nightsReadBeforeIndex;

    public long AlertsScanned => Interlocked.Read(ref _alerts);
    public long Matches => Interlocked.Read(ref _matches);
    public long RowGroups => Interlocked.Read(ref _rowGroups);

    public int ShardsDone => Volatile.Read(ref _shardsDone);

    /// <summary>Nights whose positions were read while the catalog's index was being built (<see cref="CatalogIndexUnderway"/>).</summary>
    public int NightsReadBeforeIndex => Volatile.Read(ref _nightsReadBeforeIndex);

    /// <summary>Time spent in a stage, summed over the scanning threads (so it can exceed the wall-clock time).</summary>
    public TimeSpan TimeIn(XmatchStage stage) => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks[(int)stage]));

    internal void AddRowGroup(long alerts, long matches)
    {
        Interlocked.Add(ref _alerts, alerts);
        Interlocked.Add(ref _matches, matches);
        Interlocked.Increment(ref _rowGroups);
    }

    /// <summary>
    /// CPU time the scanning threads spent in a stage (Linux; zero elsewhere). Unlike <see cref="TimeIn"/> it leaves
    /// out the time a thread waited for a core, so the split stays true on a busy machine. A lap whose start and end
    /// ran on different threads (an asynchronous read) counts in wall-clock time only.
    /// </summary>
    public TimeSpan CpuTimeIn(XmatchStage stage) => TimeSpan.FromTicks(Interlocked.Read(ref _cpuNanoseconds[(int)stage]) / 100);

    /// <summary>Adds the time since <paramref name="since"/> to a stage and returns the current mark.</summary>
    internal StageMark Lap(XmatchStage stage, StageMark since)
    {
        var now = StageMark.Now();
        Interlocked.Add(ref _ticks[(int)stage], now.Wall - since.Wall);
        if (now.Thread == since.Thread && now.CpuNanoseconds >= 0 && since.CpuNanoseconds >= 0)
            Interlocked.Add(ref _cpuNanoseconds[(int)stage], now.CpuNanoseconds - since.CpuNanoseconds);
        return now;
    }

    internal void ShardDone() => Interlocked.Increment(ref _shardsDone);

    internal void NightReadBeforeIndex() => Interlocked.Increment(ref _nightsReadBeforeIndex);
}
