using System.Globalization;
using System.IO.Hashing;
using System.Text;
using FinkXmatch.Core.Storage;

namespace FinkXmatch.Core.Datalake.Raw;

/// <summary>
/// Scan plans kept on disk under <c>DIRECTORY/&lt;xx&gt;/&lt;hash&gt;.plan</c> (the hash of the datalake file's full
/// path; never in the datalake, which may be read-only), so that a file's footer is parsed once, on its very first
/// scan, and not again after a restart or in another process. Behind <see cref="ScanPlanCache"/>: a plan not in memory
/// is looked for here before its footer is read, and one read from a footer is written here. A plan is used only for the
/// path, size and last write time it was made from. Safe for concurrent use, by processes too (files are written whole
/// and renamed).
/// </summary>
public sealed class ScanPlanStore(string directory)
{
    private long _loaded;
    private long _written;
    private long _footers;

    /// <summary>Where the plans are kept.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Plans read from this directory since this store was made.</summary>
    public long PlansLoaded => Interlocked.Read(ref _loaded);

    /// <summary>Plans written to this directory since this store was made.</summary>
    public long PlansWritten => Interlocked.Read(ref _written);

    /// <summary>
    /// Footers read by scans going through this store (a file whose plan was neither in memory nor here): what planning
    /// nights ahead spares the jobs.
    /// </summary>
    public long FootersRead => Interlocked.Read(ref _footers);

    /// <summary>Where the plan of the datalake file <paramref name="dataPath"/> is kept.</summary>
    public string FilePath(string dataPath)
    {
        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(Path.GetFullPath(dataPath)));
        var name = hash.ToString("x16", CultureInfo.InvariantCulture);
        return Path.Combine(Directory, name[..2], name + ".plan");
    }

    /// <summary>The plan kept for <paramref name="dataPath"/> as it is now, or null.</summary>
    internal ScanPlan? TryLoad(string dataPath, FileStamp stamp)
    {
        var plan = ScanPlanFile.TryRead(FilePath(dataPath), Path.GetFullPath(dataPath), stamp);
        if (plan is not null) Interlocked.Increment(ref _loaded);
        return plan;
    }

    /// <summary>Whether a plan of <paramref name="dataPath"/> as it is now (<paramref name="stamp"/>) is kept here (not counted as loaded).</summary>
    internal bool Holds(string dataPath, FileStamp stamp) =>
        ScanPlanFile.TryRead(FilePath(dataPath), Path.GetFullPath(dataPath), stamp) is not null;

    /// <summary>Whether a plan of the datalake file <paramref name="dataPath"/> as it is now is kept here; false for a file that is gone.</summary>
    public bool Holds(string dataPath)
    {
        var file = new FileInfo(dataPath);
        return file.Exists && Holds(dataPath, new FileStamp(file.Length, file.LastWriteTimeUtc));
    }

    /// <summary>
    /// Removes the plans whose datalake file is gone (a night deleted or rewritten under other names), damaged plans,
    /// and pieces of plans left by a process that died while writing one (an hour old at least, so that no writer is cut
    /// short). Plans of files that still exist stay, whatever their stamp: the next scan replaces them. Answers the
    /// files and bytes removed.
    /// </summary>
    public SweptFiles RemoveStale(CancellationToken cancellationToken = default) =>
        SweptFiles.Remove(Directory, SearchOption.AllDirectories, IsStale, cancellationToken);

    private static bool IsStale(FileInfo file)
    {
        if (SweptFiles.IsLeftOverPart(file)) return true;
        return file.Name.EndsWith(".plan", StringComparison.Ordinal) && (ScanPlanFile.TryReadDataPath(file.FullName) is not { } data || !File.Exists(data));
    }

    /// <summary>Counts a footer read by a scan going through this store.</summary>
    internal void FooterRead() => Interlocked.Increment(ref _footers);

    /// <summary>Keeps <paramref name="plan"/> of <paramref name="dataPath"/>; a directory that cannot be written keeps nothing.</summary>
    internal void Keep(string dataPath, ScanPlan plan)
    {
        if (ScanPlanFile.TryWrite(FilePath(dataPath), Path.GetFullPath(dataPath), plan)) Interlocked.Increment(ref _written);
    }
}
