using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Tests.Matching;

/// <summary>The index's radix sort of entries against a comparison sort of the same values.</summary>
public class EntryOrderTests
{
    [Theory]
    [InlineData(0, 27, 27 + 32)]       // order 14: 32 bits of fine pixel, three digits
    [InlineData(1, 27, 27 + 36)]       // order 16
    [InlineData(100, 27, 27 + 18)]     // order 7 (nside 128)
    [InlineData(5_000, 0, 11)]         // one digit
    [InlineData(150_000, 27, 27 + 32)]
    [InlineData(150_000, 27, 27 + 20)]
    public void Sorts_as_a_comparison_sort_of_values_ascending_in_their_low_bits(int count, int lowBit, int highBit)
    {
        var rng = new Random(count + highBit);
        // Numbered in input order below lowBit, as the entries are; few distinct high parts in some, so that ties are many.
        var distinct = count % 2 == 0 ? 1L << (highBit - lowBit) : Math.Max(1, count / 50);
        var values = new ulong[count];
        for (var i = 0; i < count; i++)
            values[i] = ((ulong)(rng.NextInt64(distinct) & ((1L << (highBit - lowBit)) - 1)) << lowBit) | (lowBit > 0 ? (ulong)i : 0);
        var expected = values.ToArray();
        if (lowBit > 0) Array.Sort(expected);
        else expected = [.. values.Select((v, i) => (v, i)).OrderBy(p => p.v).ThenBy(p => p.i).Select(p => p.v)];

        var sorted = EntryOrder.Sort(values, lowBit, highBit).ToArray();

        Assert.Equal(expected, sorted);
    }

    [Fact]
    public void Values_sharing_every_digit_stay_in_place()
    {
        ulong[] values = [(5UL << 27) | 0, (5UL << 27) | 1, (5UL << 27) | 2];
        Assert.Equal(values.ToArray(), EntryOrder.Sort(values, 27, 27 + 32).ToArray());
        Assert.Equal(0, EntryOrder.Sort([], 27, 27 + 32).Length);
    }
}
