using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace FinkXmatch.Core.Datalake.Occupancy;

/// <summary>
/// What a night's files were when its occupancy was computed: each file's full path, size and last write time. A
/// night whose stamp changed (a file added, removed, rewritten, or another datalake) is scanned again.
/// </summary>
internal static class NightStamp
{
    // Run per night of every job: compiled optimized from the first call (see LocalXmatchRunner.AnswerInMemory).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Of(DatalakeShard night)
    {
        var stamp = new StringBuilder();
        foreach (var path in night.Files)
        {
            var file = new FileInfo(path);
            // A file gone since the listing stamps as missing; the scan then names it.
            var (size, written) = file.Exists ? (file.Length, file.LastWriteTimeUtc.Ticks) : (-1L, 0L);
            stamp.Append(CultureInfo.InvariantCulture, $"{file.FullName}\t{size}\t{written}\n");
        }
        return stamp.ToString();
    }
}
