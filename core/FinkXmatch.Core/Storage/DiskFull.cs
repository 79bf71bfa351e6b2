namespace FinkXmatch.Core.Storage;

/// <summary>Tells a full disk (or an exhausted quota) from other I/O errors, so that it can be answered as such.</summary>
public static class DiskFull
{
    // On Unix .NET carries the errno in HResult for I/O errors it has no type for; on Windows the Win32 code as an HRESULT.
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    /// <summary>True when <paramref name="error"/> (or an exception inside it) says the disk is full.</summary>
    public static bool Is(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is IOException { HResult: Enospc or Edquot or WindowsDiskFull or WindowsHandleDiskFull }) return true;
        }
        return false;
    }
}
