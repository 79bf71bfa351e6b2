namespace FinkXmatch.Core.Storage;

/// <summary>
/// A file kept only as a cache (a night's occupancy, a datalake file's scan plan): written beside and renamed, so a
/// reader never sees half a file, and given up quietly when its directory cannot be written.
/// </summary>
internal static class CacheFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> whole or not at all; false when the directory cannot be written.</summary>
    public static bool TryWrite(string path, ReadOnlySpan<byte> bytes)
    {
        var part = $"{path}.{Guid.NewGuid():N}.part";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = new FileStream(part, FileMode.CreateNew, FileAccess.Write, FileShare.None)) stream.Write(bytes);
            File.Move(part, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(part); } catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
            return false;
        }
    }

    /// <summary>The bytes at <paramref name="path"/>, or null when there is no such file or it cannot be read.</summary>
    public static byte[]? TryRead(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
