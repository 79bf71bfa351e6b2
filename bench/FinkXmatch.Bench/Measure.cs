using System.Diagnostics;
using System.Globalization;

namespace FinkXmatch.Bench;

internal static class Measure
{
    /// <summary>Full blocking collections; the aggressive one gives freed memory back to the system, so that a peak
    /// measured afterwards (<see cref="ResetPeakRss"/>) does not start from what an earlier step (generation) held.</summary>
    public static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    public static long ManagedBytesAfterCollect()
    {
        Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public static long PeakWorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.PeakWorkingSet64;
    }

    public static string MiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F0} MiB");

    /// <summary>Resets the kernel's peak resident set (VmHWM) of this process, so each run reports its own peak (Linux).</summary>
    public static void ResetPeakRss()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Peak resident set since the last <see cref="ResetPeakRss"/> (VmHWM), or the runtime's peak working set.</summary>
    public static long PeakRss()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return PeakWorkingSet();
    }
}

