using FinkXmatch.Core.Catalogs;

namespace FinkXmatch.Core.Tests.Catalogs.Fixtures;

/// <summary>
/// Damaged inputs (random bytes, truncations, bit flips, digit swaps in headers) with fixed seeds, opened and
/// drained touching every cell: only <see cref="CatalogException"/> may come out.
/// </summary>
internal static class CatalogMutations
{
    public const int InputsPerFormat = 200;

    public readonly record struct Outcomes(int Successes, int Errors);

    public static Outcomes Run(byte[][] sources, int seed, int headerBytes, Func<Stream, string, ICatalogReader> open)
    {
        var random = new Random(seed);
        var successes = 0;
        var errors = 0;
        for (var i = 0; i < InputsPerFormat; i++)
        {
            var source = sources[i % sources.Length];
            var input = Mutate(source, random, Math.Min(headerBytes, source.Length));
            Stream stream = i % 3 == 0 ? new NonSeekableChunkStream(input, 1 + random.Next(5000)) : new MemoryStream(input);
            try
            {
                using var reader = open(stream, $"fuzz{i}");
                Drain(reader);
                successes++;
            }
            catch (CatalogException)
            {
                errors++;
            }
            catch (Exception e)
            {
                Assert.Fail($"input {i} (seed {seed}) threw {e.GetType().Name}: {e}");
            }
        }
        return new Outcomes(successes, errors);
    }

    private static void Drain(ICatalogReader reader)
    {
        // A damaged header may announce absurd row counts of empty rows: stop early, nothing more to learn.
        for (var rows = 0; rows < 5000 && reader.Read(); rows++)
        {
            for (var c = 0; c < reader.Columns.Count; c++)
            {
                reader.IsNull(c);
                reader.GetText(c);
                reader.TryGetDouble(c, out _);
            }
        }
    }

    private static byte[] Mutate(byte[] source, Random random, int headerBytes)
    {
        switch (random.Next(5))
        {
            case 0: // random bytes, sometimes behind a plausible start
                var noise = new byte[random.Next(0, 6000)];
                random.NextBytes(noise);
                var prefix = random.Next(2) == 0 ? source.AsSpan(0, Math.Min(source.Length, random.Next(400))).ToArray() : [];
                return [.. prefix, .. noise];
            case 1: // truncation
                return source[..random.Next(source.Length)];
            case 2: // bit flips, mostly in the header
            {
                var copy = (byte[])source.Clone();
                for (var k = random.Next(1, 8); k > 0; k--)
                {
                    var at = random.Next(3) > 0 ? random.Next(headerBytes) : random.Next(copy.Length);
                    copy[at] ^= (byte)(1 << random.Next(8));
                }
                return copy;
            }
            case 3: // digit swaps in the header: counts, sizes, repeat counts
            {
                var copy = (byte[])source.Clone();
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    var at = random.Next(headerBytes);
                    for (var j = 0; j < 200 && at + j < headerBytes; j++)
                    {
                        if (copy[at + j] is >= (byte)'0' and <= (byte)'9')
                        {
                            copy[at + j] = (byte)('0' + random.Next(10));
                            break;
                        }
                    }
                }
                return copy;
            }
            default: // damage inside the data and truncate
            {
                var copy = source[..random.Next(source.Length / 2, source.Length + 1)];
                for (var k = random.Next(1, 30); k > 0 && copy.Length > 0; k--)
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            }
        }
    }
}
