using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.ParquetFormat;
using FinkXmatch.Core.Tests.Datalake;
using Xunit;

namespace FinkXmatch.Core.Tests.ParquetFormat;

/// <summary>
/// Reading chosen rows only (<see cref="FlatChunkReader.TrySelect"/>: pages without a chosen row left compressed, byte
/// arrays walked only up to the rows, dictionary indices decoded only up to them) must give what decoding the whole
/// chunk gives (<see cref="FlatChunkReader.TryLoad"/>), for every flat column of the real ZTF and Rubin samples, of
/// Apache Parquet C++ files with many small pages, dictionaries falling back to PLAIN and nulls, and of chunks of
/// several 16,384-row pages as this project writes them; for few rows, scattered rows, one page's rows and all rows.
/// </summary>
public sealed class ChosenRowsTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string> { SampleFiles.Part2, SampleFiles.Part3, SampleFiles.Rubin };
        foreach (var file in CppFiles.Value) data.Add(file);
        return data;
    }

    private static readonly Lazy<string[]> CppFiles = new(() => ParquetCppFlatFiles.Write(
        ProcessTempDirectory.Create("finkxmatch-chosen-cpp")));

    [Theory]
    [MemberData(nameof(Files))]
    public void ChosenRowsOfEveryFlatColumnAreTheWholeChunksRows(string path)
    {
        using var handle = File.OpenHandle(path);
        var footer = ParquetFooter.Read(handle);
        var compared = 0;
        for (var leaf = 0; leaf < footer.Leaves.Count; leaf++)
        {
            var l = footer.Leaves[leaf];
            if (l.MaxRepetitionLevel != 0) continue;
            for (var g = 0; g < footer.RowGroupRows.Length; g++)
                if (footer.Chunk(g, leaf) is { } chunk)
                    compared += Compare(handle, chunk, l.Type, l.MaxDefinitionLevel, footer.RowGroupRows[g], $"{l.Path} row group {g}");
        }
        Assert.True(compared > 10, $"only {compared} chunks were read whole to compare with");
    }

    [Theory]
    [InlineData(40_000, false)]
    [InlineData(40_000, true)]
    [InlineData(16_384, true)]
    [InlineData(16_385, false)]
    public void ChosenRowsOfWrittenMultiPageChunksAreTheWholeChunksRows(int rows, bool optional)
    {
        var path = Path.Combine(Path.GetTempPath(), $"finkxmatch-chosen-pages-{Environment.ProcessId}-{rows}-{optional}.bin");
        try
        {
            var chunks = WriteChunks(path, rows, optional);
            using var handle = File.OpenHandle(path);
            foreach (var (meta, type, maxDefinition) in chunks)
                Assert.Equal(1, Compare(handle, meta, type, maxDefinition, rows, type.ToString()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Identifiers of one length, another length here and there (the walk to the chosen rows takes four values of the
    /// last length at a time, and falls back to one at a time where they differ): the whole chunk's rows.
    /// </summary>
    [Theory]
    [InlineData(40_000, false)]
    [InlineData(16_384, true)]
    [InlineData(5, false)]
    [InlineData(40_000, false, 0)]
    [InlineData(16_384, true, 0)]
    [InlineData(40_000, false, -1)]
    [InlineData(40_002, false, -1)]
    [InlineData(9, false, -1)]
    [InlineData(16_384, false)]
    [InlineData(16_384, false, 0)]
    [InlineData(16_384, false, -1)]
    [InlineData(1_000, false, -1)]
    public void ChosenRowsOfIdentifiersOfOneLengthBrokenHereAndThereAreTheWholeChunksRows(int rows, bool optional, int brokenOneIn = 37)
    {
        // brokenOneIn: 0, every value of one length (their lengths checked two at a time on 32-byte vectors); -1, one
        // value of another length only, three quarters into the page (past many vectors, before the last chosen rows; at
        // an odd place for 40,000 rows, an even one for 40,002: either lane of a vector).
        var path = Path.Combine(Path.GetTempPath(), $"finkxmatch-chosen-lengths-{Environment.ProcessId}-{rows}-{optional}.bin");
        try
        {
            var rng = new Random(rows + 1);
            var ids = new PlainByteArrays();
            for (var i = 0; i < rows; i++)
                if (optional && i % 11 == 6) ids.AddNull();
                else ids.Add((brokenOneIn > 0 ? rng.Next(brokenOneIn) == 0 : brokenOneIn < 0 && i == rows * 3 / 4 + 1)
                    ? $"ZTF{rng.Next(1_000)}" : $"ZTF24{rng.Next(10_000_000):D7}");
            var writer = new FlatColumnChunk();
            writer.ByteArrays(ids, optional);
            var meta = new ColumnChunkInfo(Parquet.Meta.Type.BYTE_ARRAY, Parquet.Meta.CompressionCodec.SNAPPY, rows, writer.Bytes.Length, writer.UncompressedSize, 0, 0);
            using (var file = File.Create(path)) file.Write(writer.Bytes.Span);
            using var handle = File.OpenHandle(path);
            Assert.Equal(1, Compare(handle, meta, Parquet.Meta.Type.BYTE_ARRAY, optional ? 1 : 0, rows, "identifiers"));
            // Every value of one length and none null: the chosen rows copied out without a start and length each, for
            // rows of every page; and where they lie before the value of another length.
            var reader = new FlatChunkReader();
            int[] spread = [.. Enumerable.Range(0, rows).Where(r => r % 5 == 1 && (!optional || r % 11 != 6))];
            int[] early = [.. Enumerable.Range(0, rows * 3 / 4 + 1).Where(r => r % 3 == 0 && (!optional || r % 11 != 6))];
            Assert.True(reader.TrySelect(handle, meta, Parquet.Meta.Type.BYTE_ARRAY, optional ? 1 : 0, rows, brokenOneIn < 0 ? early : spread));
            var oneLength = reader.TryChosenPlainOneLength(optional ? 1 : 0, out _, out var length);
            if (brokenOneIn <= 0 || rows > 100) Assert.Equal(brokenOneIn <= 0, oneLength);   // a few rows may hold no value of another length
            if (brokenOneIn <= 0) Assert.Equal(12, length);
            if (optional)
            {
                // A null among the chosen rows: not of one length.
                Assert.True(reader.TrySelect(handle, meta, Parquet.Meta.Type.BYTE_ARRAY, 1, rows, [1, 6, 7]));
                Assert.False(reader.TryChosenPlainOneLength(1, out _, out _));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// One page of identifiers of one length, every row holding a value (objectId's chunks): the chosen rows are copied
    /// out as their lengths are checked, into an array handed over once; the next selection's rows go to another array,
    /// and the first keeps its bytes. Rows chosen again without being handed over are copied into the array kept.
    /// </summary>
    [Fact]
    public void ChosenRowsOfOneLengthCopiedWithTheCheckAreHandedOverOnce()
    {
        const int rows = 5_000;
        var path = Path.Combine(Path.GetTempPath(), $"finkxmatch-chosen-copied-{Environment.ProcessId}.bin");
        try
        {
            var rng = new Random(17);
            var values = Enumerable.Range(0, rows).Select(_ => $"ZTF24{rng.Next(10_000_000):D7}").ToArray();
            var ids = new PlainByteArrays();
            foreach (var v in values) ids.Add(v);
            var writer = new FlatColumnChunk();
            writer.ByteArrays(ids, optional: false);
            var meta = new ColumnChunkInfo(Parquet.Meta.Type.BYTE_ARRAY, Parquet.Meta.CompressionCodec.SNAPPY, rows, writer.Bytes.Length, writer.UncompressedSize, 0, 0);
            using (var file = File.Create(path)) file.Write(writer.Bytes.Span);
            using var handle = File.OpenHandle(path);
            var reader = new FlatChunkReader();
            byte[] Selected(int[] chosen)
            {
                Assert.True(reader.TrySelect(handle, meta, Parquet.Meta.Type.BYTE_ARRAY, 0, rows, chosen));
                Assert.True(reader.TryChosenPlainOneLength(0, out var bytes, out var length));
                Assert.Equal(12, length);
                return bytes;
            }
            static byte[] Plain(IEnumerable<string> chosen) => [.. chosen.SelectMany(v => BitConverter.GetBytes(12).Concat(System.Text.Encoding.ASCII.GetBytes(v)))];
            int[] first = [.. Enumerable.Range(0, rows).Where(r => r % 5 == 2)], second = [0, 1, 255, 256, 257, 4_999];
            var firstBytes = Selected(first);
            var secondBytes = Selected(second);
            Assert.NotSame(firstBytes, secondBytes);
            Assert.True(firstBytes.AsSpan(0, first.Length * 16).SequenceEqual(Plain(first.Select(r => values[r]))));
            Assert.True(secondBytes.AsSpan(0, second.Length * 16).SequenceEqual(Plain(second.Select(r => values[r]))));
            // Selected without being handed over, then again: the second selection's rows.
            Assert.True(reader.TrySelect(handle, meta, Parquet.Meta.Type.BYTE_ARRAY, 0, rows, first));
            var third = Selected(second);
            Assert.True(third.AsSpan(0, second.Length * 16).SequenceEqual(Plain(second.Select(r => values[r]))));
            // Rows not ascending are declined, not read out of place.
            Assert.False(reader.TrySelect(handle, meta, Parquet.Meta.Type.BYTE_ARRAY, 0, rows, [3, 2]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    // The three kinds of column the scan reads, written by FlatColumnChunk one after the other: identifiers (byte arrays
    // of several lengths, null in every 9th row when optional), consecutive alert ids, positions (null in every 13th row).
    private static (ColumnChunkInfo Meta, Parquet.Meta.Type Type, int MaxDefinition)[] WriteChunks(string path, int rows, bool optional)
    {
        var rng = new Random(rows);
        var ids = new PlainByteArrays();
        for (var i = 0; i < rows; i++)
            if (optional && i % 9 == 4) ids.AddNull();
            else ids.Add($"ZTF24{rng.Next(10_000_000):D7}{new string('x', i % 5)}");
        var candids = Enumerable.Range(0, rows).Select(i => 1_000_738_885_000_000_000L + i).ToArray();
        var ras = Enumerable.Range(0, rows).Select(i => optional && i % 13 == 7 ? (double?)null : rng.NextDouble() * 360).ToArray();
        var writer = new FlatColumnChunk();
        var chunks = new List<(ColumnChunkInfo, Parquet.Meta.Type, int)>();
        using var file = File.Create(path);
        foreach (var (encode, type, maxDefinition) in new (Action, Parquet.Meta.Type, int)[]
                 {
                     (() => writer.ByteArrays(ids, optional), Parquet.Meta.Type.BYTE_ARRAY, optional ? 1 : 0),
                     (() => writer.Numbers(candids), Parquet.Meta.Type.INT64, 0),
                     (() => writer.Numbers(ras), Parquet.Meta.Type.DOUBLE, 1),
                 })
        {
            encode();
            chunks.Add((new ColumnChunkInfo(type, Parquet.Meta.CompressionCodec.SNAPPY, rows, writer.Bytes.Length, writer.UncompressedSize, file.Position, 0), type, maxDefinition));
            file.Write(writer.Bytes.Span);
        }
        return chunks.ToArray();
    }

    /// <summary>
    /// Two chunks read together (<see cref="FlatChunkReader.DecompressTogether"/>: one page each, decompressed side by
    /// side) give the chosen rows each gives alone; chunks of several pages are read once, and decoded by each reader alone.
    /// </summary>
    [Theory]
    [InlineData(16_384, false)]
    [InlineData(16_384, true)]
    [InlineData(1, true)]
    [InlineData(40_000, true)]
    public void ChunksReadTogetherGiveTheRowsEachGivesAlone(int rows, bool optional)
    {
        var path = Path.Combine(Path.GetTempPath(), $"finkxmatch-together-{Environment.ProcessId}-{rows}-{optional}.bin");
        var chunks = WriteChunks(path, rows, optional);
        try
        {
            using var handle = File.OpenHandle(path);
            var chosen = Enumerable.Range(0, rows).Where(r => r % 97 == 5 || r == rows - 1).ToArray();
            var (a, b) = (new FlatChunkReader(), new FlatChunkReader());
            foreach (var (x, y) in new[] { (0, 1), (1, 0), (1, 2), (2, 0), (0, 0) })
            {
                FlatChunkReader.DecompressTogether(handle, a, chunks[x].Meta, rows, b, chunks[y].Meta, rows);
                var together = rows <= FlatColumnChunk.PageRows;
                Assert.Equal(together, a.HoldsDecompressedPage);
                Assert.Equal(together, b.HoldsDecompressedPage);
                Assert.True(a.HoldsChunk && b.HoldsChunk);   // read once either way
                Assert.True(a.TrySelect(handle, chunks[x].Meta, chunks[x].Type, chunks[x].MaxDefinition, rows, chosen));
                Assert.True(b.TrySelect(handle, chunks[y].Meta, chunks[y].Type, chunks[y].MaxDefinition, rows, chosen));
                Assert.False(a.HoldsChunk || b.HoldsChunk);
                foreach (var (reader, c) in new[] { (a, chunks[x]), (b, chunks[y]) })
                {
                    var alone = new FlatChunkReader();
                    Assert.True(alone.TrySelect(handle, c.Meta, c.Type, c.MaxDefinition, rows, chosen));
                    Assert.Equal(alone.ChosenDefinitions.ToArray(), reader.ChosenDefinitions.ToArray());
                    for (var i = 0; i < chosen.Length; i++)
                    {
                        var (expected, actual) = c.Type == Parquet.Meta.Type.BYTE_ARRAY
                            ? (alone.ChosenBytes(i).ToArray(), reader.ChosenBytes(i).ToArray())
                            : (BitConverter.GetBytes(alone.ChosenValue<long>(i)), BitConverter.GetBytes(reader.ChosenValue<long>(i)));
                        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{c.Type} with {(reader == a ? chunks[y] : chunks[x]).Type}, row {chosen[i]}");
                    }
                }
            }
            // A chunk read for something else meanwhile is not taken for the page decompressed before.
            FlatChunkReader.DecompressTogether(handle, a, chunks[0].Meta, rows, b, chunks[1].Meta, rows);
            Assert.True(a.TryLoad(handle, chunks[2].Meta, chunks[2].Type, chunks[2].MaxDefinition, rows));
            Assert.False(a.HoldsChunk);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Compares the chosen rows of one chunk with the whole chunk's, for several choices; 1 when the chunk is read directly.
    private static int Compare(Microsoft.Win32.SafeHandles.SafeFileHandle handle, ColumnChunkInfo chunk, Parquet.Meta.Type type, int maxDefinition, int rows, string what)
    {
        var whole = new FlatChunkReader();
        if (!whole.TryLoad(handle, chunk, type, maxDefinition, rows)) return 0;
        var chosen = new FlatChunkReader();
        var rng = new Random(rows);
        int[][] choices =
        [
            [0], [rows - 1], [rows / 2],
            Enumerable.Range(0, rows).Where(r => r % 7 == 3 || r == rows - 1).ToArray(),
            Enumerable.Range(0, rows).ToArray(),
            Enumerable.Range(0, rows).Where(_ => rng.Next(500) == 0).Append(rows / 3).Distinct().Order().ToArray(),
            Enumerable.Range(rows / 3, Math.Min(50, rows - rows / 3)).ToArray(),
        ];
        foreach (var rowsChosen in choices)
        {
            Assert.True(chosen.TrySelect(handle, chunk, type, maxDefinition, rows, rowsChosen), $"{what}: {rowsChosen.Length} chosen rows were declined");
            var dense = DenseIndices(whole, maxDefinition);
            for (var i = 0; i < rowsChosen.Length; i++)
            {
                var row = rowsChosen[i];
                Assert.True(whole.Definitions[row] == chosen.ChosenDefinitions[i], $"{what} row {row}: definition level");
                if (dense[row] < 0) continue;
                var expected = type switch
                {
                    Parquet.Meta.Type.BYTE_ARRAY => whole.Bytes(dense[row]).ToArray(),
                    Parquet.Meta.Type.INT32 or Parquet.Meta.Type.FLOAT => BitConverter.GetBytes(whole.DenseValues<int>()[dense[row]]),
                    _ => BitConverter.GetBytes(whole.DenseValues<long>()[dense[row]]),
                };
                var actual = type switch
                {
                    Parquet.Meta.Type.BYTE_ARRAY => chosen.ChosenBytes(i).ToArray(),
                    Parquet.Meta.Type.INT32 or Parquet.Meta.Type.FLOAT => BitConverter.GetBytes(chosen.ChosenValue<int>(i)),
                    _ => BitConverter.GetBytes(chosen.ChosenValue<long>(i)),
                };
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"{what} row {row}: {Convert.ToHexString(expected)} vs {Convert.ToHexString(actual)}");
            }
            ComparePlain(chosen, type, maxDefinition, rowsChosen.Length, what);
        }
        return 1;
    }

    // The chosen rows copied out in one pass (late materialization's columns) are the rows read one by one: byte
    // arrays PLAIN-encoded in order, a null row taking no bytes; fixed-width values zero where a row is null.
    private static void ComparePlain(FlatChunkReader chosen, Parquet.Meta.Type type, int maxDefinition, int n, string what)
    {
        if (type == Parquet.Meta.Type.BYTE_ARRAY)
        {
            var (starts, lengths) = (new int[n], new int[n]);
            var column = Utf8Column.OfPlain(chosen.ChosenPlain(maxDefinition, starts, lengths), starts, lengths);
            var plain = new List<byte>();
            for (var i = 0; i < n; i++)
            {
                var isNull = chosen.ChosenDefinitions[i] != maxDefinition;
                Assert.True(isNull == column.IsNull(i), $"{what}: chosen row {i} null or not");
                if (isNull) continue;
                Assert.True(chosen.ChosenBytes(i).SequenceEqual(column.Utf8(i)), $"{what}: chosen row {i} copied");
                plain.AddRange(BitConverter.GetBytes(chosen.ChosenBytes(i).Length));
                plain.AddRange(chosen.ChosenBytes(i).ToArray());
            }
            Assert.True(column.Plain(0, n).SequenceEqual(plain.ToArray()), $"{what}: PLAIN layout");
            CompareOneLength(chosen, maxDefinition, column, n, what);
            return;
        }
        for (var i = 0; i < n; i++)
        {
            var defined = chosen.ChosenDefinitions[i] == maxDefinition;
            var (expected, actual) = type is Parquet.Meta.Type.INT32 or Parquet.Meta.Type.FLOAT
                ? (defined ? chosen.ChosenValue<int>(i) : 0L, (long)chosen.ChosenValues<int>()[i])
                : (defined ? chosen.ChosenValue<long>(i) : 0L, chosen.ChosenValues<long>()[i]);
            Assert.True(expected == actual, $"{what}: chosen row {i} value");
        }
    }

    // When the chosen rows are copied out as values of one length, they are what ChosenPlain gives, and only then: no
    // chosen row null, every one of that length. True when they were.
    private static bool CompareOneLength(FlatChunkReader chosen, int maxDefinition, Utf8Column plain, int n, string what)
    {
        if (!chosen.TryChosenPlainOneLength(maxDefinition, out var bytes, out var length)) return false;
        for (var i = 0; i < n; i++)
            Assert.True(!plain.IsNull(i) && plain.Utf8(i).Length == length, $"{what}: chosen row {i} null or of another length than {length}");
        var column = Utf8Column.OfPlainOneLength(bytes, n, length);
        Assert.True(column.IsPlain && column.Count == n, what);
        Assert.True(column.Plain(0, n).SequenceEqual(plain.Plain(0, n)), $"{what}: PLAIN layout of one length");
        for (var i = 0; i < n; i++) Assert.True(column.Utf8(i).SequenceEqual(plain.Utf8(i)) && !column.IsNull(i), $"{what}: chosen row {i} of one length");
        if (n > 2)
        {
            var (ends, expected) = (new int[n - 2], new int[n - 2]);
            Assert.Equal(0, column.PlainEnds(1, ends, 5));
            Assert.Equal(0, plain.PlainEnds(1, expected, 5));
            Assert.Equal(expected, ends);
            Assert.Equal(plain.PlainStart(1), column.PlainStart(1));
            Assert.True(column.Plain(1, n - 2).SequenceEqual(plain.Plain(1, n - 2)), $"{what}: PLAIN layout of rows inside");
        }
        return true;
    }

    // Each row's place among the defined values of the whole chunk, -1 where it is null.
    private static int[] DenseIndices(FlatChunkReader whole, int maxDefinition)
    {
        var dense = new int[whole.Rows];
        var k = 0;
        for (var r = 0; r < dense.Length; r++) dense[r] = whole.Definitions[r] == maxDefinition ? k++ : -1;
        return dense;
    }
}
