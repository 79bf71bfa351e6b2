using System.Runtime.InteropServices;

namespace FinkXmatch.Core.Os;

/// <summary>
/// Asks Linux to back a large, randomly read array with 2 MiB pages (<c>madvise</c> MADV_HUGEPAGE, then
/// MADV_COLLAPSE to do it now rather than when khugepaged comes by). A dense catalog's index is hundreds of MiB read
/// at random, one alert at a time: with 4 KiB pages nearly every lookup also misses the TLB and walks the page tables.
/// Only a hint: where the kernel or the machine's settings refuse it, nothing changes but the speed.
/// </summary>
internal static partial class HugePages
{
    private const int MadvHugePage = 14;
    private const int MadvCollapse = 25;
    private const long PageBytes = 2L << 20;
    private static bool _unavailable = !OperatingSystem.IsLinux();

    public static void Advise<T>(T[]? array) where T : unmanaged => Madvise(array, collapse: true);

    /// <summary>
    /// MADV_HUGEPAGE alone, on an array not yet written: its pages are then 2 MiB from their first write, where
    /// collapsing them once written copies the whole array (10 M sources at 1.5": ~1.3 s of CPU for the index).
    /// </summary>
    public static void Prefer<T>(T[]? array) where T : unmanaged => Madvise(array, collapse: false);

    private static unsafe void Madvise<T>(T[]? array, bool collapse) where T : unmanaged
    {
        if (_unavailable || array is null) return;
        var bytes = (long)array.Length * sizeof(T);
        if (bytes < 2 * PageBytes) return;
        fixed (T* data = array)
        {
            // Only the whole 2 MiB pages inside the array: the memory around it belongs to other objects.
            var start = ((long)data + PageBytes - 1) & ~(PageBytes - 1);
            var end = ((long)data + bytes) & ~(PageBytes - 1);
            if (end <= start) return;
            try
            {
                _ = madvise((nint)start, (nuint)(end - start), MadvHugePage);
                if (collapse) _ = madvise((nint)start, (nuint)(end - start), MadvCollapse);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _unavailable = true;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int madvise(nint address, nuint length, int advice);
}
