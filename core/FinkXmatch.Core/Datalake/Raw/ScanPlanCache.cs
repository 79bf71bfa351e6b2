using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace FinkXmatch.Core.Datalake.Raw;

/// <summary>
/// The <see cref="ScanPlan"/> of each alert file opened, by path, so that later jobs over the same nights open a file
/// with an <c>fstat</c> instead of parsing its footer. A plan is used only while the file keeps the size and last
/// write time it had when the plan was read; otherwise it is read again and replaced. (A rewrite that keeps both, within
/// the file system's timestamp resolution, goes unseen: Spark writes a night's files once, under new names.) Backed,
/// when a scan passes one, by a <see cref="ScanPlanStore"/> on disk, so a plan outlives the process. Bounded by row
/// groups: when full, plans of files not yet known are read and used but not kept.
/// </summary>
internal sealed class ScanPlanCache(long capacityRowGroups)
{
    /// <summary>
    /// The process's cache: 262,144 row groups, about 60 MiB when full (four columns of ~56 bytes per row group): a
    /// month of LSST nights with cutouts (1,246 alerts per row group), or years of alerts without them.
    /// </summary>
    public static ScanPlanCache Shared { get; } = new(1 << 18);

    private readonly ConcurrentDictionary<string, ScanPlan> _plans = new(StringComparer.Ordinal);
    private long _rowGroups;

    /// <summary>Files with a plan kept.</summary>
    public int Count => _plans.Count;

    /// <summary>Row groups of the plans kept.</summary>
    public long RowGroups => Interlocked.Read(ref _rowGroups);

    /// <summary>Forgets every plan (the benchmark's measure of first opens).</summary>
    public void Clear()
    {
        _plans.Clear();
        Interlocked.Exchange(ref _rowGroups, 0);
    }

    /// <summary>
    /// The plan of <paramref name="path"/>, open as <paramref name="file"/>: the kept one if the file is unchanged, else
    /// the one <paramref name="disk"/> holds for it, else read (and then written to <paramref name="disk"/>).
    /// </summary>
    public ScanPlan Get(string path, SafeFileHandle file, Func<SafeFileHandle, FileStamp, ScanPlan> read, ScanPlanStore? disk = null)
    {
        var stamp = FileStamp.Of(file);
        _plans.TryGetValue(path, out var known);
        if (known is not null && known.Stamp == stamp) return known;
        var plan = disk?.TryLoad(path, stamp);
        if (plan is null)
        {
            plan = read(file, stamp);
            disk?.FooterRead();
            disk?.Keep(path, plan);
        }
        if (known is not null)
        {
            if (_plans.TryUpdate(path, plan, known)) Interlocked.Add(ref _rowGroups, plan.RowGroupRows.Length - known.RowGroupRows.Length);
        }
        else if (RowGroups + plan.RowGroupRows.Length <= capacityRowGroups && _plans.TryAdd(path, plan))
            Interlocked.Add(ref _rowGroups, plan.RowGroupRows.Length);
        return plan;
    }
}
