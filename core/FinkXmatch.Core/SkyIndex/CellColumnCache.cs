using System.Collections.Concurrent;

namespace FinkXmatch.Core.SkyIndex;

/// <summary>
/// The decoded <c>cell</c> column of index row groups, kept in memory (4 bytes per alert) up to a budget for the process:
/// a small catalog or a cone names a few cells of every row group, and finding them in memory is a few binary searches,
/// where decoding the group's cell chunk again was most of a night's cost (the full scan's position read is a single
/// pass over 16 bytes per alert, so re-reading 4 of them per query leaves little gain). Emptied whole when the budget
/// is reached (cheap to fill again), so memory stays bounded whatever the datalake's size.
/// </summary>
internal static class CellColumnCache
{
    /// <summary>256 MiB: 67 M alerts, 670 nights of 100,000 ZTF alerts.</summary>
    public const long MaxBytes = 256L << 20;

    private static readonly ConcurrentDictionary<(string Path, long Bytes, DateTime Written, int RowGroup), int[]> Cells = new();
    private static long s_bytes;

    public static int[]? TryGet(string path, long bytes, DateTime written, int rowGroup) =>
        Cells.TryGetValue((path, bytes, written, rowGroup), out var cells) ? cells : null;

    /// <summary>Keeps the cells of a row group of the index file <paramref name="path"/> as it is (its size and modification time).</summary>
    public static void Add(string path, long bytes, DateTime written, int rowGroup, int[] cells)
    {
        if (Interlocked.Add(ref s_bytes, 4L * cells.Length) > MaxBytes)
        {
            Cells.Clear();
            Interlocked.Exchange(ref s_bytes, 4L * cells.Length);
        }
        Cells[(path, bytes, written, rowGroup)] = cells;
    }
}
