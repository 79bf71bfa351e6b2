using System.Runtime.InteropServices;

namespace FinkXmatch.Core.Os;

/// <summary>
/// Lowers the calling thread to the lowest scheduling priority (Linux: nice 19 for this thread alone, which an
/// unprivileged process may do), so that background work takes only the cores nobody else wants. .NET's
/// <c>Thread.Priority</c> does nothing on Linux. Elsewhere, or if the call fails, nothing changes: only a hint.
/// </summary>
public static partial class LowPriorityThread
{
    private const int PrioProcess = 0;   // with a thread id, setpriority acts on that thread only (Linux)
    private const int Lowest = 19;

    /// <summary>Lowers the calling thread; answers whether the operating system took it.</summary>
    public static bool Lower()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return setpriority(PrioProcess, gettid(), Lowest) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int gettid();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int setpriority(int which, int who, int priority);
}
