using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace FinkXmatch.Core.SkyIndex;

/// <summary>
/// The cell directories of night index files (<see cref="NightCellDirectory"/>: about 5 bytes per alert), kept in memory
/// up to a budget for the process: a small catalog or a cone names a few cells of every night, and finding them in
/// memory is a few reads of the directory, where decoding the night's cell chunks again was most of a night's cost
/// (the full scan's position read is a single pass over 16 bytes per alert, so re-reading 4 of them per query leaves
/// little gain). Emptied whole when the budget is reached (cheap to fill again), so memory stays bounded whatever the
/// datalake's size.
/// </summary>
internal static class CellDirectoryCache
{
    /// <summary>256 MiB: about 50 M alerts, 500 nights of 100,000 ZTF alerts.</summary>
    public const long MaxBytes = 256L << 20;

    private static readonly ConcurrentDictionary<(string Path, long Bytes, DateTime Written), NightCellDirectory> Directories = new();
    private static long s_bytes;

    // Run per night of every job: compiled optimized from the first call (see LocalXmatchRunner.AnswerInMemory).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static NightCellDirectory? TryGet(string path, long bytes, DateTime written) =>
        Directories.TryGetValue((path, bytes, written), out var directory) ? directory : null;

    /// <summary>Keeps the directory of the index file <paramref name="path"/> as it is (its size and modification time).</summary>
    public static void Add(string path, long bytes, DateTime written, NightCellDirectory directory)
    {
        if (Interlocked.Add(ref s_bytes, directory.Bytes) > MaxBytes)
        {
            Directories.Clear();
            Interlocked.Exchange(ref s_bytes, directory.Bytes);
        }
        Directories[(path, bytes, written)] = directory;
    }
}
