using System.Runtime.InteropServices;

namespace FinkXmatch.Core.Os;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), so that stage timings stay meaningful on a
/// machine shared with other processes: wall-clock laps there include the time the thread waited for a core.
/// Elsewhere, or if the call fails, <see cref="NowNanoseconds"/> is -1 and only wall-clock times are kept.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;
    private static readonly bool Available = OperatingSystem.IsLinux() && Probe();

    /// <summary>Nanoseconds of CPU time used by this thread, or -1.</summary>
    public static long NowNanoseconds()
    {
        if (!Available || clock_gettime(ClockThreadCpuTimeId, out var t) != 0) return -1;
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    private static bool Probe()
    {
        try
        {
            return clock_gettime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clock, out TimeSpec time);
}
