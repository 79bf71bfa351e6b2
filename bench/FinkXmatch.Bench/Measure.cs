using System.Diagnostics;
using System.Globalization;

namespace FinkXmatch.Bench;

internal static class Measure
{
    public static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
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
}
