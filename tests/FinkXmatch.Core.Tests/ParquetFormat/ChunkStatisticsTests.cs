using System.Numerics;
using System.Runtime.InteropServices;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Tests.ParquetFormat;

/// <summary>
/// A chunk's bounds (taken a vector at a time where no value is NaN) are those of a plain pass over the values: NaN
/// left out, a zero bound signed -0 as a min and +0 as a max; for every length around the vector width and long ones.
/// </summary>
public sealed class ChunkStatisticsTests
{
    [Fact]
    public void Bounds_of_numbers_are_those_of_a_pass_value_by_value()
    {
        var rng = new Random(3);
        foreach (var length in Enumerable.Range(0, 40).Concat([63, 64, 65, 1_000, 16_385]))
            for (var trial = 0; trial < 4; trial++)
            {
                Check(Values(length, () => rng.NextInt64(-1_000, 1_000) * (trial == 3 ? 1L << 50 : 1)));
                Check(Values(length, () => rng.Next(-100, 100)));
                Check(Values(length, () => Double(rng, trial)));
                Check(Values(length, () => (float)Double(rng, trial)));
            }
    }

    private static T[] Values<T>(int length, Func<T> next) => Enumerable.Range(0, length).Select(_ => next()).ToArray();

    // Trial 1: NaN here and there; trial 2: zeros of both signs among small values; else any value.
    private static double Double(Random rng, int trial) => trial switch
    {
        1 when rng.Next(20) == 0 => double.NaN,
        2 => rng.Next(4) switch { 0 => 0.0, 1 => -0.0, 2 => 1.5, _ => -2.5 } * (rng.Next(3) == 0 ? 0 : 1),
        _ => (rng.NextDouble() - 0.5) * 1e6,
    };

    private static void Check<T>(T[] values) where T : unmanaged, INumber<T>
    {
        var chunk = new FlatColumnChunk();
        chunk.Numbers(values);
        var finite = values.Where(v => !T.IsNaN(v)).ToArray();
        if (finite.Length == 0)
        {
            Assert.Null(chunk.Statistics.Min);
            Assert.Null(chunk.Statistics.Max);
            return;
        }
        var (min, max) = (finite.Min()!, finite.Max()!);
        if (T.IsZero(min)) min = -T.Zero;
        if (T.IsZero(max)) max = T.Zero;
        Assert.Equal(Bytes(min), chunk.Statistics.Min);
        Assert.Equal(Bytes(max), chunk.Statistics.Max);
    }

    private static byte[] Bytes<T>(T value) where T : unmanaged => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
}
