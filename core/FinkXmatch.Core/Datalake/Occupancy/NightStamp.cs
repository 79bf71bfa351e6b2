using System.Globalization;
using System.IO.Hashing;
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

    /// <summary>A short key of the stamps of <paramref name="nights"/>: it changes when any of their files does.</summary>
    public static string KeyOf(IReadOnlyList<DatalakeShard> nights) => KeyOf(null, [.. nights.Select(Of)]);

    /// <summary>
    /// A short key of some nights' <paramref name="stamps"/> (<c>[prefix:]count:hash</c>), the <paramref name="prefix"/>
    /// hashed first.
    /// </summary>
    public static string KeyOf(string? prefix, IReadOnlyList<string> stamps)
    {
        var key = new XxHash64();
        if (prefix is not null) key.Append(Encoding.UTF8.GetBytes(prefix));
        foreach (var stamp in stamps) key.Append(Encoding.UTF8.GetBytes(stamp));
        var counted = string.Create(CultureInfo.InvariantCulture, $"{stamps.Count}:{key.GetCurrentHashAsUInt64():x16}");
        return prefix is null ? counted : $"{prefix}:{counted}";
    }
}
