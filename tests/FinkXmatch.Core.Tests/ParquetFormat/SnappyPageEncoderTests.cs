using System.Buffers.Binary;
using System.Text;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.ParquetFormat;
using FinkXmatch.Core.Tests.Datalake;
using Parquet;
using Xunit;

namespace FinkXmatch.Core.Tests.ParquetFormat;

/// <summary>
/// What <see cref="SnappyPageEncoder"/> writes must be Snappy that Snappier (the decoder of Parquet.Net) and our own
/// <see cref="SnappyDecoder"/> decompress to the input, whatever the input and whatever layout it is told: the real
/// pages of every flat column of the ZTF and Rubin samples (as the result writer lays them out: definition levels, then
/// PLAIN values), hand-made pages of every width, lengths that lie, values 64 KiB apart, runs, random bytes. On the real
/// pages it must compress about as well as Snappier's general compressor.
/// </summary>
public sealed class SnappyPageEncoderTests
{
    public static TheoryData<string> Samples() => new() { SampleFiles.Part2, SampleFiles.Part3, SampleFiles.Rubin };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task RealPagesOfEveryFlatColumnRoundTripAndCompressAsSnappierDoes(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields().Where(f => f.MaxRepetitionLevel == 0).ToArray();
        long ours = 0, library = 0;
        var pages = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var rows = (int)reader.RowGroups[g].RowCount;
            foreach (var field in fields)
            {
                var column = await LeafSelection.ReadAsync(reader.RowGroups[g], field, rows, Enumerable.Range(0, rows).ToArray(), CancellationToken.None);
                if (Page(column.Values, field.IsNullable) is not var (page, valuesStart, width)) continue;
                var compressed = AssertRoundTrip(page, valuesStart, width);
                ours += compressed;
                library += Snappier.Snappy.CompressToArray(page).Length;
                pages++;
            }
        }
        Assert.True(pages > 20, $"only {pages} pages");
        // At most a quarter larger than Snappier's over all the columns of the file (measured 1.18-1.21: Snappy also
        // finds repeats of values further back than the one before, which this encoder does not look for).
        Assert.True(ours <= library * 1.25, $"{ours} bytes compressed against Snappier's {library}");
    }

    [Fact]
    public void GeneratedPagesOfEveryLayoutRoundTrip()
    {
        var rng = new Random(7);
        foreach (var width in new[] { 0, 1, 2, 3, 4, 7, 8, 12, 16, 100 })
            foreach (var kind in new[] { "random", "runs", "counting", "constant", "texts" })
                for (var trial = 0; trial < 4; trial++)
                {
                    var page = Generated(kind, width, rng);
                    // The layout is right, wrong by a byte, or beyond the page: the stream must be valid anyway.
                    var valuesStart = trial switch { 0 => 0, 1 => Math.Min(page.Length, 1 + rng.Next(40)), 2 => page.Length, _ => rng.Next(page.Length + 1) };
                    AssertRoundTrip(page, valuesStart, width);
                    AssertRoundTrip(page, valuesStart, trial == 3 ? 1 + rng.Next(20) : 0);
                }
        AssertRoundTrip([], 0, 0);
        AssertRoundTrip([], 0, 8);
        AssertRoundTrip([1, 2, 3], 0, 0);
        AssertRoundTrip([1, 2, 3], 3, 8);
    }

    [Fact]
    public void LengthsThatLieLeaveTheRestAsLiterals()
    {
        var page = Texts(Enumerable.Range(0, 500).Select(i => $"ZTF24aaa{i:D4}"));
        foreach (var at in new[] { 0, 16, 17, 4000, page.Length - 16 })
            foreach (var length in new[] { -1, int.MaxValue, page.Length, 3 })
            {
                var bad = (byte[])page.Clone();
                BinaryPrimitives.WriteInt32LittleEndian(bad.AsSpan(at), length);
                AssertRoundTrip(bad, 0, 0);
            }
    }

    [Fact]
    public void RepeatsFartherThanTwoByteOffsetsReachStayLiterals()
    {
        // Values of 70,000 bytes: each repeats the one before, 70,004 bytes back, beyond a 2-byte offset.
        var value = new byte[70_000];
        new Random(8).NextBytes(value);
        var page = Texts([Encoding.Latin1.GetString(value), Encoding.Latin1.GetString(value), Encoding.Latin1.GetString(value)], Encoding.Latin1);
        var compressed = AssertRoundTrip(page, 0, 0);
        Assert.True(compressed >= 3 * 70_000);
        // 40,000 bytes apart: copies.
        var near = Texts(Enumerable.Repeat(Encoding.Latin1.GetString(value[..40_000]), 3), Encoding.Latin1);
        Assert.True(AssertRoundTrip(near, 0, 0) < 40_004 + 2 * 2_000);
    }

    [Fact]
    public void ResultLikeColumnsCompressAsTheirValuesRepeat()
    {
        // The result file's columns: ZTF object ids, candids a few apart, catalog identifiers, constant values and runs
        // of one value (a long copy, extended value after value), definition levels of a column without nulls.
        var objectIds = Texts(Enumerable.Range(0, 16_384).Select(i => $"ZTF24{i * 7919 % 10_000_000:D7}"));
        Assert.True(AssertRoundTrip(objectIds, 0, 0) < objectIds.Length * 0.7);
        var candids = Longs(Enumerable.Range(0, 16_384).Select(i => 2_400_000_000_000_000_000L + 5 * i));
        Assert.True(AssertRoundTrip(candids, 0, 8) < candids.Length * 0.55);
        var constant = Longs(Enumerable.Repeat(42L, 16_384));
        Assert.True(AssertRoundTrip(constant, 0, 8) <= 8 + 3 * constant.Length / 64 + 16);   // one copy: 3 bytes per 64
        var levels = new byte[4 + 2 + 2048 + 8 * 16_384];
        levels.AsSpan(6, 2048).Fill(0xFF);
        Assert.True(AssertRoundTrip(levels, 4 + 2 + 2048, 8) <= 3 * levels.Length / 64 + 64);
    }

    [Fact]
    public void TextsOfOneLengthRoundTripAndCompressAsTheGeneralPath()
    {
        // Pages whose values all have one length take their own loop: every length from empty to past a 2-byte tag's
        // reach, random and repeated values (runs: copies extended value after value), prefixes and suffixes shared,
        // the same page with one length changed (the general path) for the size, after definition levels or alone.
        var rng = new Random(11);
        foreach (var length in new[] { 0, 1, 3, 4, 5, 7, 8, 9, 10, 12, 15, 16, 17, 30, 64, 70, 300, 3000 })
            foreach (var kind in new[] { "random", "runs", "prefixed", "suffixed", "digits" })
            {
                var count = 2 + rng.Next(Math.Max(3, 200_000 / (length + 4)));
                var values = new List<byte[]>();
                for (var i = 0; i < count; i++)
                {
                    var value = new byte[length];
                    if (kind == "runs" && i > 0 && rng.Next(4) > 0) value = values[^1];
                    else
                    {
                        rng.NextBytes(value);
                        if (kind == "prefixed") value.AsSpan(0, length / 2).Fill((byte)'Z');
                        if (kind == "suffixed") value.AsSpan(length / 3).Fill(0);
                        if (kind == "digits") for (var k = 0; k < length; k++) value[k] = (byte)(k < length / 2 ? '0' : '0' + rng.Next(10));
                    }
                    values.Add(value);
                }
                var page = values.SelectMany(v => BitConverter.GetBytes(v.Length).Concat(v)).ToArray();
                var oneLength = AssertRoundTrip(page, 0, 0);
                var levels = new byte[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2 };
                AssertRoundTrip([.. levels, .. page], levels.Length, 0);
                // The one length told (the result writer's values of one length): the same bytes as found by reading them.
                AssertSameWhenTold(page, 0, length + 4);
                AssertSameWhenTold([.. levels, .. page], levels.Length, length + 4);
                if (length == 0) continue;
                // The last value one byte shorter: every value but it as before, through the general path.
                var general = page[..^1];
                BinaryPrimitives.WriteInt32LittleEndian(general.AsSpan(general.Length - length - 3), length - 1);
                var generalLength = AssertRoundTrip(general, 0, 0);
                Assert.InRange(oneLength, generalLength - length - 8, generalLength + length + 8);
            }
    }

    // Compress told the values' one stride writes what it writes when it reads their lengths.
    private static void AssertSameWhenTold(byte[] page, int valuesStart, int stride)
    {
        var found = new byte[SnappyPageEncoder.MaxCompressedLength(page.Length)];
        var told = new byte[found.Length];
        var length = SnappyPageEncoder.Compress(page, valuesStart, 0, found);
        Assert.Equal(found.AsSpan(0, length), told.AsSpan(0, SnappyPageEncoder.Compress(page, valuesStart, 0, told, stride)));
    }

    // Compressed with the given layout, decompressed by Snappier and by our decoder: the input again. Returns the size.
    private static int AssertRoundTrip(byte[] page, int valuesStart, int width)
    {
        var compressed = new byte[SnappyPageEncoder.MaxCompressedLength(page.Length) + 64];
        compressed.AsSpan().Fill(0xA5);
        var length = SnappyPageEncoder.Compress(page, valuesStart, width, compressed.AsSpan(0, compressed.Length - 64));
        Assert.All(compressed[^64..], b => Assert.Equal(0xA5, b));
        var byLibrary = new byte[page.Length];
        Assert.Equal(page.Length, Snappier.Snappy.Decompress(compressed.AsSpan(0, length), byLibrary));
        Assert.Equal(page, byLibrary);
        var byOurs = new byte[page.Length];
        Assert.True(SnappyDecoder.Decompress(compressed.AsSpan(0, length), byOurs));
        Assert.Equal(page, byOurs);
        return length;
    }

    // A column's values as the result writer's page holds them: for an optional column the definition levels (a length,
    // a bit-packed run header, one bit per row), then the PLAIN values of the rows that have one. Null for other types.
    private static (byte[] Page, int ValuesStart, int Width)? Page(object?[] data, bool optional)
    {
        var values = new List<byte>();
        var defined = new bool[data.Length];
        if (data.FirstOrDefault(v => v is not null) is not { } first || first is not (string or long or double or int or float)) return null;
        var width = first switch { string => 0, long or double => 8, _ => 4 };
        for (var i = 0; i < data.Length; i++)
            if (data[i] is { } v)
            {
                defined[i] = true;
                if (v is string t) Append(values, Encoding.UTF8.GetBytes(t), prefixed: true);
                else Append(values, Bytes(v), prefixed: false);
            }
        if (!optional) return (values.ToArray(), 0, width);
        var groups = (data.Length + 7) / 8;
        var levels = new List<byte>();
        levels.AddRange(BitConverter.GetBytes(0));   // the length, written below
        var header = (uint)(groups << 1 | 1);
        for (; header >= 0x80; header >>= 7) levels.Add((byte)(header | 0x80));
        levels.Add((byte)header);
        var bits = new byte[groups];
        for (var i = 0; i < data.Length; i++)
            if (defined[i]) bits[i >> 3] |= (byte)(1 << (i & 7));
        levels.AddRange(bits);
        var page = levels.Concat(values).ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(page, levels.Count - 4);
        return (page, levels.Count, width);
    }

    private static void Append(List<byte> page, byte[] bytes, bool prefixed)
    {
        if (prefixed) page.AddRange(BitConverter.GetBytes(bytes.Length));
        page.AddRange(bytes);
    }

    private static byte[] Bytes(object value) => value switch
    {
        long l => BitConverter.GetBytes(l),
        double d => BitConverter.GetBytes(d),
        int i => BitConverter.GetBytes(i),
        float f => BitConverter.GetBytes(f),
        _ => throw new ArgumentException(value.GetType().Name),
    };

    private static byte[] Texts(IEnumerable<string> values, Encoding? encoding = null)
    {
        var page = new List<byte>();
        foreach (var v in values) Append(page, (encoding ?? Encoding.UTF8).GetBytes(v), prefixed: true);
        return page.ToArray();
    }

    private static byte[] Longs(IEnumerable<long> values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    private static byte[] Generated(string kind, int width, Random rng)
    {
        var size = 1 + rng.Next(100_000);
        switch (kind)
        {
            case "random":
                var random = new byte[size];
                rng.NextBytes(random);
                return random;
            case "runs":
                var runs = new List<byte>();
                while (runs.Count < size) runs.AddRange(Enumerable.Repeat((byte)rng.Next(3), 1 + rng.Next(300)));
                return runs.ToArray();
            case "counting":
                return Longs(Enumerable.Range(0, size / 8).Select(i => 1_000_000_000_000L + i * (1 + rng.Next(3))));
            case "constant":
                return Enumerable.Repeat((byte)7, size).ToArray();
            default:
                var lengths = width == 0 ? 0 : width;
                return Texts(Enumerable.Range(0, size / 16).Select(i => new string('x', lengths > 0 ? lengths : rng.Next(30)) + i));
        }
    }
}
