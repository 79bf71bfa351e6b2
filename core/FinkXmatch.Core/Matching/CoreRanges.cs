using FinkXmatch.Core.Os;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// Splits the items of an index build into one contiguous range per core and runs a step on each range at once, so
/// that a large catalog's build uses every core. Small inputs stay on the calling thread: below
/// <see cref="MinItemsPerRange"/> items per range, starting threads costs more than it saves.
/// </summary>
internal static class CoreRanges
{
    public const int MinItemsPerRange = 1 << 16;

    /// <summary>Tests set the number of ranges on their thread (0: by input size and cores), to compare splits with one range.</summary>
    [ThreadStatic] internal static int RangesForTests;

    /// <summary>How many ranges <paramref name="items"/> are split into (1 for small inputs).</summary>
    public static int Count(long items) => Count(items, MinItemsPerRange);

    /// <summary>The same for a step whose items cost more: ranges of at least <paramref name="minItemsPerRange"/> items.</summary>
    public static int Count(long items, int minItemsPerRange) =>
        RangesForTests > 0 ? RangesForTests : (int)Math.Clamp(items / minItemsPerRange, 1, Environment.ProcessorCount);

    /// <summary>Start of range <paramref name="range"/> of <paramref name="count"/> over <paramref name="items"/> items.</summary>
    public static int Start(int items, int range, int count) => (int)((long)items * range / count);

    /// <summary>Runs <paramref name="step"/>(range, start, end) on each of <paramref name="count"/> ranges of <paramref name="items"/>, in parallel.</summary>
    public static void Run(int items, int count, Action<int, int, int> step)
    {
        if (count == 1)
        {
            step(0, 0, items);
            return;
        }
        ForkJoin.Run(count, range => step(range, Start(items, range, count), Start(items, range + 1, count)));
    }
}
