namespace FinkXmatch.Core.Storage;

/// <summary>What a sweep of a cache directory removed: files and their bytes.</summary>
public readonly record struct SweptFiles(int Files, long Bytes)
{
    /// <summary>
    /// Age after which a <c>.part</c> file (a cache file being written, renamed when whole) is a leftover of a process
    /// that died while writing it: writes take seconds, so no writer is cut short.
    /// </summary>
    public static readonly TimeSpan PartAge = TimeSpan.FromHours(1);

    public static SweptFiles operator +(SweptFiles a, SweptFiles b) => new(a.Files + b.Files, a.Bytes + b.Bytes);

    /// <summary>Whether <paramref name="file"/> is a <c>.part</c> left by a writer that died.</summary>
    public static bool IsLeftOverPart(FileInfo file) =>
        file.Name.EndsWith(".part", StringComparison.Ordinal) && file.LastWriteTimeUtc < DateTime.UtcNow - PartAge;

    /// <summary>
    /// Removes the files of <paramref name="directory"/> that <paramref name="isStale"/> picks; a file that cannot be
    /// removed (gone meanwhile, no permission) is left and not counted. A missing directory removes nothing.
    /// </summary>
    public static SweptFiles Remove(string directory, SearchOption depth, Func<FileInfo, bool> isStale, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(directory)) return default;
        var swept = default(SweptFiles);
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", depth))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!isStale(file)) continue;
            try
            {
                var length = file.Length;
                file.Delete();
                swept += new SweptFiles(1, length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process removed or holds it: the next sweep looks again.
            }
        }
        return swept;
    }
}
