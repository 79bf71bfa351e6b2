using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Tests.Matching;

/// <summary>A build split into a given number of ranges (<see cref="CoreRanges.RangesForTests"/>), to compare splits.</summary>
internal static class WithCoreRanges
{
    public static T Build<T>(int ranges, Func<T> build)
    {
        CoreRanges.RangesForTests = ranges;
        try
        {
            return build();
        }
        finally
        {
            CoreRanges.RangesForTests = 0;
        }
    }
}
