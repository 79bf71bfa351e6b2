using FinkXmatch.Core.ParquetFormat;
using Xunit;

namespace FinkXmatch.Core.Tests.ParquetFormat;

/// <summary>
/// A Snappy stream decompressed alone or beside another (<see cref="SnappyDecoder"/>) must give what Snappier gives, for
/// streams Snappier compressed (identifier-like pages, random bytes, runs, empty and tiny ones, long literals) and for
/// hand-made ones with tags Snappier's compressor rarely writes (4-byte offsets, overlapping copies, 1- to 4-byte
/// literal lengths); and refuse, without writing outside its targets, anything that is not a valid stream.
/// </summary>
public sealed class SnappyDecoderTests
{
    public static TheoryData<string, string> Pairs()
    {
        var kinds = new[] { "identifiers", "longs", "random", "runs", "text", "empty", "tiny", "doubles" };
        var data = new TheoryData<string, string>();
        foreach (var a in kinds)
            foreach (var b in kinds)
                data.Add(a, b);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void TwoCompressedStreamsDecompressAsSnappierDecompressesEach(string a, string b)
    {
        var (plainA, plainB) = (Plain(a, 1), Plain(b, 2));
        AssertPairDecompresses(Snappier.Snappy.CompressToArray(plainA), plainA, Snappier.Snappy.CompressToArray(plainB), plainB);
    }

    [Fact]
    public void HandMadeTagsDecompressAsSnappierDecompressesThem()
    {
        // A literal of 1,000 bytes (2 length bytes), copies with 1-, 2- and 4-byte offsets, overlapping ones (offset 1
        // to 7: a short pattern repeated), a literal of 70,000 bytes (3 length bytes), a 1-byte literal length for 61.
        var rng = new Random(5);
        var hand = new HandMadeStream(rng);
        hand.Literal(1000);
        for (var round = 0; round < 300; round++)
        {
            hand.Copy(1 + rng.Next(7), 4 + rng.Next(8), 1);
            hand.Copy(1 + rng.Next(Math.Min(2047, hand.Plain.Count)), 4 + rng.Next(8), 1);
            hand.Copy(1 + rng.Next(Math.Min(65535, hand.Plain.Count)), 1 + rng.Next(64), 2);
            hand.Copy(1 + rng.Next(hand.Plain.Count), 1 + rng.Next(64), 4);
            hand.Copy(8 + rng.Next(8), 1 + rng.Next(64), 2);
            hand.Literal(1 + rng.Next(61));
        }
        hand.Literal(70_000);
        hand.Copy(16, 64, 2);
        var (compressed, expected) = hand.AsSnappierDecompressesIt();
        var other = Plain("identifiers", 3);
        AssertPairDecompresses(compressed, expected, Snappier.Snappy.CompressToArray(other), other);
        AssertPairDecompresses(Snappier.Snappy.CompressToArray(other), other, compressed, expected);
    }

    [Fact]
    public void CopiesOfOneAndTwoOffsetBytesMixedAtRandomDecompressAsSnappierDecompressesThem()
    {
        // As objectId's pages hold them: a copy then a literal, the copy's offset in 1 or 2 bytes at random (Step tells
        // them apart by masks, not a branch, and takes a literal of up to 16 bytes after a copy in the same step), now
        // and then a 4-byte offset (left to the checked path) or two copies in a row; long enough that one stream alone
        // runs many steps between hand-overs.
        var rng = new Random(11);
        var hand = new HandMadeStream(rng);
        hand.Literal(60);
        for (var unit = 0; unit < 30_000; unit++)
        {
            var kind = rng.Next(100);
            if (kind < 35) hand.Copy(8 + rng.Next(Math.Min(2040, hand.Plain.Count - 8)), 4 + rng.Next(8), 1);
            else if (kind < 97) hand.Copy(16 + rng.Next(Math.Min(65535, hand.Plain.Count) - 16), 1 + rng.Next(64), 2);
            else if (kind < 98) hand.Copy(1 + rng.Next(hand.Plain.Count), 1 + rng.Next(64), 4);
            else hand.Copy(1 + rng.Next(7), 4 + rng.Next(8), 1);
            if (rng.Next(10) > 0) hand.Literal(1 + rng.Next(16));
        }
        var (compressed, expected) = hand.AsSnappierDecompressesIt();
        AssertAsSnappier(compressed, expected.Length);
        AssertPairDecompresses(compressed, expected, compressed, expected);
        var other = Plain("longs", 12);
        AssertPairDecompresses(Snappier.Snappy.CompressToArray(other), other, compressed, expected);
    }

    // A Snappy stream written tag by tag (literals of random bytes, copies with 1-, 2- or 4-byte offsets), and the
    // bytes it stands for.
    /// <summary>
    /// The start of a block decoded from the first bytes of its compressed form (<see cref="SnappyPrefix"/>, a catalog's
    /// preview) is the start of what Snappier decompresses, for every cut of the compressed bytes (inside tags and
    /// literals too) and targets shorter and longer than the block; the whole block from all its bytes.
    /// </summary>
    [Theory]
    [InlineData("identifiers")]
    [InlineData("longs")]
    [InlineData("random")]
    [InlineData("runs")]
    [InlineData("text")]
    [InlineData("doubles")]
    [InlineData("tiny")]
    [InlineData("hand")]
    public void TheStartOfABlockFromItsFirstBytesIsTheStartOfSnappiersDecompression(string kind)
    {
        byte[] compressed, plain;
        if (kind == "hand")
        {
            var rng = new Random(11);
            var hand = new HandMadeStream(rng);
            hand.Literal(70);
            for (var round = 0; round < 200; round++)
            {
                hand.Copy(1 + rng.Next(7), 4 + rng.Next(8), 1);
                hand.Copy(1 + rng.Next(hand.Plain.Count), 1 + rng.Next(64), 4);
                hand.Literal(1 + rng.Next(300));
            }
            (compressed, plain) = hand.AsSnappierDecompressesIt();
        }
        else
        {
            plain = Plain(kind, 7);
            compressed = Snappier.Snappy.CompressToArray(plain);
        }
        var target = new byte[plain.Length + 100];
        var whole = SnappyPrefix.Decode(compressed, target);
        Assert.Equal(plain.Length, whole);
        Assert.True(plain.AsSpan().SequenceEqual(target.AsSpan(0, whole)));
        var step = Math.Max(1, compressed.Length / 400);
        var last = 0;
        for (var cut = 0; cut <= compressed.Length; cut += cut < 300 ? 1 : step)
        {
            foreach (var room in new[] { target.Length, plain.Length / 3, 17 })
            {
                var into = new byte[room];
                var n = SnappyPrefix.Decode(compressed.AsSpan(0, cut), into);
                Assert.InRange(n, 0, Math.Min(room, plain.Length));
                Assert.True(plain.AsSpan(0, n).SequenceEqual(into.AsSpan(0, n)), $"{kind}: {n} bytes from {cut} of {compressed.Length}");
                if (room != target.Length) continue;
                Assert.True(n >= last, "more bytes at hand decode no less");
                last = n;
            }
        }
    }

    [Fact]
    public void TheStartOfABlockRefusesACopyFromBeforeItsStart()
    {
        // A literal of 3 bytes, then a copy 4 bytes back (1-byte offset), or 70,000 bytes back (4-byte offset).
        Assert.Equal(-1, SnappyPrefix.Decode([20, 2 << 2, 1, 2, 3, 1 | (1 << 2), 4], new byte[20]));
        Assert.Equal(-1, SnappyPrefix.Decode([20, 2 << 2, 1, 2, 3, 3 | (3 << 2), 0x70, 0x11, 0x01, 0], new byte[20]));
        Assert.Equal(5, SnappyPrefix.Decode([20, 2 << 2, 1, 2, 3, 2 | (1 << 2), 3, 0], new byte[20]));   // 2 bytes copied from 3 back
        Assert.Equal(0, SnappyPrefix.Decode([0x80], new byte[20]));   // the length not yet whole
    }

    private sealed class HandMadeStream(Random rng)
    {
        private readonly List<byte> _stream = [];

        public List<byte> Plain { get; } = [];

        public void Literal(int length)
        {
            var bytes = new byte[length];
            rng.NextBytes(bytes);
            var n = length - 1;
            if (n < 60) _stream.Add((byte)(n << 2));
            else
            {
                var size = n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4;
                _stream.Add((byte)((59 + size) << 2));
                for (var i = 0; i < size; i++) _stream.Add((byte)(n >> (8 * i)));
            }
            _stream.AddRange(bytes);
            Plain.AddRange(bytes);
        }

        public void Copy(int offset, int length, int offsetBytes)
        {
            switch (offsetBytes)
            {
                case 1:
                    _stream.Add((byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5)));
                    _stream.Add((byte)offset);
                    break;
                case 2:
                    _stream.Add((byte)(2 | ((length - 1) << 2)));
                    _stream.AddRange(BitConverter.GetBytes((ushort)offset));
                    break;
                default:
                    _stream.Add((byte)(3 | ((length - 1) << 2)));
                    _stream.AddRange(BitConverter.GetBytes(offset));
                    break;
            }
            for (var i = 0; i < length; i++) Plain.Add(Plain[^offset]);
        }

        // The stream with its preamble and its bytes, checked against Snappier's decompression of it.
        public (byte[] Compressed, byte[] Plain) AsSnappierDecompressesIt()
        {
            var compressed = Preamble(Plain.Count).Concat(_stream).ToArray();
            var expected = Plain.ToArray();
            var byLibrary = new byte[expected.Length];
            Assert.Equal(expected.Length, Snappier.Snappy.Decompress(compressed, byLibrary));
            Assert.Equal(expected, byLibrary);
            return (compressed, expected);
        }
    }

    [Fact]
    public void RunsOfValuesDecompressAsSnappierDecompressesThem()
    {
        // Runs of units "literal of n bytes, copy of 8 - n from offset 8" (n = 1 to 4: how ascending 64-bit ids
        // compress), long and short, broken by other tags, by a unit with another offset or literal length, at the
        // very start (fewer than 8 bytes before them: the copy reaches before the start, refused) and at the ends.
        var rng = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var stream = new List<byte>();
            var plain = new List<byte>();
            void Literal(int length)
            {
                stream.Add((byte)((length - 1) << 2));
                for (var i = 0; i < length; i++)
                {
                    var b = (byte)rng.Next(256);
                    stream.Add(b);
                    plain.Add(b);
                }
            }
            void Copy(int offset, int length)
            {
                stream.Add((byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5)));
                stream.Add((byte)offset);
                for (var i = 0; i < length; i++) plain.Add(plain[^offset]);
            }
            var valid = true;
            var head = trial % 10 == 0 ? rng.Next(1, 8) : rng.Next(8, 40);
            Literal(head);
            for (var run = 0; run < 1 + rng.Next(6); run++)
            {
                var n = 1 + rng.Next(4);
                var units = trial % 3 == 0 ? rng.Next(1, 4) : rng.Next(1, 3000);
                for (var u = 0; u < units; u++)
                {
                    Literal(n);
                    if (plain.Count < 8)
                    {
                        // The copy reaches before the start: the stream ends with it.
                        stream.AddRange([(byte)(1 | ((8 - n - 4) << 2)), 8]);
                        valid = false;
                        break;
                    }
                    Copy(u == units / 2 && trial % 4 == 1 ? 9 + rng.Next(7) : 8, 8 - n);
                }
                if (!valid) break;
                switch (rng.Next(4))
                {
                    case 0: Literal(1 + rng.Next(60)); break;
                    case 1: Copy(1 + rng.Next(Math.Min(2047, plain.Count)), 4 + rng.Next(8)); break;
                    case 2: Literal(5); Copy(8, 3 + 1); break;   // literal and copy that do not make 8 bytes
                    default: break;
                }
            }
            var compressed = Preamble(plain.Count).Concat(stream).ToArray();
            var library = new byte[plain.Count];
            var libraryOk = SnappierDecompresses(compressed, library);
            Assert.Equal(valid, libraryOk);
            var around = new byte[plain.Count + 512];
            Array.Fill(around, (byte)0xA5);
            Assert.Equal(valid, SnappyDecoder.Decompress(compressed, around.AsSpan(256, plain.Count)));
            Assert.All(around[..256].Concat(around[^256..]), b => Assert.Equal(0xA5, b));
            if (!valid) continue;
            Assert.Equal(plain.ToArray(), around.AsSpan(256, plain.Count).ToArray());
            var other = Plain(trial % 2 == 0 ? "identifiers" : "longs", trial);
            AssertPairDecompresses(compressed, plain.ToArray(), Snappier.Snappy.CompressToArray(other), other);
            AssertPairDecompresses(Snappier.Snappy.CompressToArray(other), other, compressed, plain.ToArray());
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RunsOfOneByteUnitsBrokenAtEachPlaceOfEightDecompressAsSnappierDecompressesThem(int breaking)
    {
        // Units of a 1-byte literal and a 7-byte copy from offset 8 (consecutive ids) are taken eight at a time: one unit
        // of a run made different in one of its bytes (the copy's offset, its length, the literal's length, the
        // copy's kind), at each place in turn, must end the eight units there, as Snappier decodes them. The run goes on
        // for 400 units: the checked tail of a stream (its last 72 bytes) is decoded tag by tag.
        var rng = new Random(23 + breaking);
        for (var broken = 0; broken < 40; broken++)
        {
            var stream = new List<byte> { 19 << 2 };
            for (var i = 0; i < 20; i++) stream.Add((byte)rng.Next(256));
            var length = 20;
            for (var u = 0; u < 400; u++)
            {
                var literal = u == broken && breaking == 2 ? 2 : 1;
                stream.Add((byte)((literal - 1) << 2));
                for (var i = 0; i < literal; i++) stream.Add((byte)rng.Next(256));
                var copy = 8 - literal - (u == broken && breaking == 1 ? 1 : 0);
                if (u == broken && breaking == 3) stream.AddRange([(byte)(2 | ((copy - 1) << 2)), 8, 0]);
                else stream.AddRange([(byte)(1 | ((copy - 4) << 2)), (byte)(u == broken && breaking == 0 ? 9 : 8)]);
                length += literal + copy;
            }
            AssertAsSnappier(Preamble(length).Concat(stream).ToArray(), length);
        }
    }

    /// <summary>
    /// The Snappy data pages of every flat column of generated ZTF and LSST alert files (written by Parquet.Net, as the
    /// benchmark's datalakes: the alert ids' pages are runs, the objectId's pairs of a copy and a literal), each alone
    /// and beside the next column's, and the alert ids' pages damaged: what Snappier gives, or refused when it refuses.
    /// </summary>
    [Theory]
    [InlineData("ztf")]
    [InlineData("lsst")]
    public async Task PagesOfGeneratedAlertFilesDecompressAsSnappierDecompressesThem(string survey)
    {
        var root = Path.Combine(Path.GetTempPath(), $"finkxmatch-snappy-pages-{survey}-{Environment.ProcessId}");
        try
        {
            await new Core.Synthetic.DatalakeGenerator(new Core.Synthetic.DatalakeGeneratorOptions(root, new DateOnly(2024, 1, 1), 1, 12_000, CutoutBytes: 0,
                RowGroupSize: 5_000, MaxHistory: 2, SurveyChoice: survey == "ztf" ? Core.Datalake.Survey.Ztf : Core.Datalake.Survey.Lsst)).GenerateAsync();
            var pages = new List<(string Column, byte[] Compressed, byte[] Plain)>();
            foreach (var path in Directory.GetFiles(root, "*.parquet", SearchOption.AllDirectories))
            {
                using var handle = File.OpenHandle(path);
                var footer = ParquetFooter.Read(handle);
                for (var leaf = 0; leaf < footer.Leaves.Count; leaf++)
                    for (var g = 0; g < footer.RowGroupRows.Length; g++)
                        if (footer.Leaves[leaf].MaxRepetitionLevel == 0 && footer.Chunk(g, leaf) is { Codec: Parquet.Meta.CompressionCodec.SNAPPY } chunk)
                            pages.AddRange(DataPages(handle, chunk).Select(p => (footer.Leaves[leaf].Path.Replace('\0', '.'), p.Compressed, p.Plain)));
            }
            for (var i = 0; i < pages.Count; i++)
            {
                var (a, b) = (pages[i], pages[(i + 1) % pages.Count]);
                AssertPairDecompresses(a.Compressed, a.Plain, b.Compressed, b.Plain);
            }
            // The alert ids' pages hold runs, and any of them damaged decompresses as Snappier's (or is refused as by it).
            var ids = pages.Where(p => p.Column is "candid" or "diaSource.diaSourceId").ToArray();
            Assert.NotEmpty(ids);
            Assert.All(ids, p => Assert.True(RunUnits(p.Compressed) > p.Plain.Length / 8 / 2, $"{p.Column}: few runs"));
            var rng = new Random(8);
            for (var trial = 0; trial < 100; trial++)
            {
                var page = ids[trial % ids.Length];
                var bad = (byte[])page.Compressed.Clone();
                for (var k = 0; k < 1 + trial % 4; k++) bad[4 + rng.Next(bad.Length - 4)] ^= (byte)(1 << rng.Next(8));
                AssertAsSnappier(bad, page.Plain.Length);
            }
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    // Units "literal of 1 byte, copy of 7 from offset 8" in a stream (after its length): how runs of alert ids compress.
    private static int RunUnits(byte[] stream)
    {
        var units = 0;
        for (var i = 0; i + 3 < stream.Length; i++)
            if (stream[i] == 0 && stream[i + 2] == (1 | (3 << 2)) && stream[i + 3] == 8) units++;
        return units;
    }

    // Decompressed into a target inside a larger buffer, alone and beside a good stream: what Snappier gives, or refused
    // when Snappier refuses it, with nothing written around the target.
    private static void AssertAsSnappier(byte[] stream, int length)
    {
        var library = new byte[length];
        var libraryOk = SnappierDecompresses(stream, library);
        var around = new byte[length + 512];
        Array.Fill(around, (byte)0xA5);
        Assert.Equal(libraryOk, SnappyDecoder.Decompress(stream, around.AsSpan(256, length)));
        Assert.All(around[..256].Concat(around[^256..]), b => Assert.Equal(0xA5, b));
        if (libraryOk) Assert.Equal(library, around.AsSpan(256, length).ToArray());
        var other = Plain("identifiers", 9);
        Array.Fill(around, (byte)0xA5);
        Assert.Equal(libraryOk, SnappyDecoder.DecompressTwo(Snappier.Snappy.CompressToArray(other), new byte[other.Length], stream, around.AsSpan(256, length)));
        Assert.All(around[..256].Concat(around[^256..]), b => Assert.Equal(0xA5, b));
        if (libraryOk) Assert.Equal(library, around.AsSpan(256, length).ToArray());
    }

    // The Snappy data pages (v1: levels and values compressed together) of a chunk, compressed and as Snappier gives them.
    private static IEnumerable<(byte[] Compressed, byte[] Plain)> DataPages(Microsoft.Win32.SafeHandles.SafeFileHandle handle, ColumnChunkInfo chunk)
    {
        var start = chunk.DictionaryPageOffset is > 0 and var d && d < chunk.DataPageOffset ? d : chunk.DataPageOffset;
        var bytes = new byte[chunk.TotalCompressedSize];
        RandomAccess.Read(handle, bytes, start);
        var pages = new List<(byte[], byte[])>();
        for (var pos = 0; pos < bytes.Length;)
        {
            pos += PageHeader.Read(bytes.AsSpan(pos), out var page);
            if (page.Type == ParquetThrift.PageType.DataPage)
            {
                var compressed = bytes.AsSpan(pos, page.CompressedSize).ToArray();
                var plain = new byte[page.UncompressedSize];
                Assert.Equal(plain.Length, Snappier.Snappy.Decompress(compressed, plain));
                pages.Add((compressed, plain));
            }
            pos += page.CompressedSize;
        }
        return pages;
    }

    [Theory]
    [InlineData("identifiers")]
    [InlineData("longs")]
    public void WhatIsNotAValidStreamIsRefusedWithinItsTargets(string kind)
    {
        var plain = Plain(kind, 4);
        var good = Snappier.Snappy.CompressToArray(plain);
        var rng = new Random(6);
        var refused = 0;
        for (var trial = 0; trial < 400; trial++)
        {
            var bad = (byte[])good.Clone();
            switch (trial % 4)
            {
                case 0: bad = bad[..rng.Next(bad.Length)]; break;                           // cut short
                case 1: for (var i = 0; i < 5; i++) bad[1 + rng.Next(bad.Length - 1)] ^= (byte)(1 + rng.Next(255)); break;   // bytes changed
                case 2: bad = [.. Preamble(plain.Length), 0b_0000_0001 | (7 << 2), 0x20]; break;   // a copy from before the start
                default: bad = [.. Preamble(plain.Length + rng.Next(1, 100)), .. bad[Preamble(plain.Length).Length..]]; break;   // the wrong length
            }
            // The targets lie inside larger buffers: what is around them must stay untouched.
            var around = new byte[plain.Length + 512];
            Array.Fill(around, (byte)0xA5);
            var aroundOther = new byte[plain.Length + 512];
            Array.Fill(aroundOther, (byte)0x5A);
            var ok = trial % 8 < 4
                ? SnappyDecoder.DecompressTwo(bad, around.AsSpan(256, plain.Length), good, aroundOther.AsSpan(256, plain.Length))
                : SnappyDecoder.DecompressTwo(good, aroundOther.AsSpan(256, plain.Length), bad, around.AsSpan(256, plain.Length));
            Assert.All(around[..256].Concat(around[^256..]), b => Assert.Equal(0xA5, b));
            Assert.All(aroundOther[..256].Concat(aroundOther[^256..]), b => Assert.Equal(0x5A, b));
            var library = new byte[plain.Length];
            var libraryOk = SnappierDecompresses(bad, library);
            // Changed bytes can still make a valid stream: then both decoders give the same bytes.
            Assert.Equal(libraryOk, ok);
            Array.Fill(around, (byte)0xA5);
            Assert.Equal(ok, SnappyDecoder.Decompress(bad, around.AsSpan(256, plain.Length)));
            Assert.All(around[..256].Concat(around[^256..]), b => Assert.Equal(0xA5, b));
            if (!ok) refused++;
            else Assert.Equal(library, around.AsSpan(256, plain.Length).ToArray());
        }
        Assert.True(refused > 300, $"only {refused} of 400 damaged streams were refused");
    }

    // Whether Snappier decompresses the stream into all of the target (a refused stream throws).
    private static bool SnappierDecompresses(byte[] stream, byte[] target)
    {
        try
        {
            return Snappier.Snappy.Decompress(stream, target) == target.Length;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            return false;
        }
    }

    private static void AssertPairDecompresses(byte[] compressedA, byte[] plainA, byte[] compressedB, byte[] plainB)
    {
        var (targetA, targetB) = (new byte[plainA.Length], new byte[plainB.Length]);
        Assert.True(SnappyDecoder.DecompressTwo(compressedA, targetA, compressedB, targetB));
        Assert.Equal(plainA, targetA);
        Assert.Equal(plainB, targetB);
        var alone = new byte[plainA.Length];
        Assert.True(SnappyDecoder.Decompress(compressedA, alone));
        Assert.Equal(plainA, alone);
    }

    private static byte[] Preamble(int length)
    {
        var bytes = new List<byte>();
        for (var v = (uint)length; ; v >>= 7)
        {
            if (v < 0x80)
            {
                bytes.Add((byte)v);
                return bytes.ToArray();
            }
            bytes.Add((byte)(v | 0x80));
        }
    }

    // Uncompressed pages of several kinds: PLAIN byte arrays of ZTF-like identifiers, consecutive 64-bit alert ids,
    // random bytes (literals only), long runs, repeated words, random doubles, nothing and a few bytes.
    private static byte[] Plain(string kind, int seed)
    {
        var rng = new Random(seed);
        var bytes = new List<byte>();
        switch (kind)
        {
            case "identifiers":
                for (var i = 0; i < 20_000; i++)
                {
                    var id = "ZTF24" + new string(Enumerable.Range(0, 7).Select(_ => (char)('a' + rng.Next(26))).ToArray());
                    bytes.AddRange(BitConverter.GetBytes(id.Length));
                    bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(id));
                }
                break;
            case "longs":
                for (var i = 0; i < 30_000; i++) bytes.AddRange(BitConverter.GetBytes(1_000_738_885_000_000_000L + i));
                break;
            case "random":
                var random = new byte[150_000];
                rng.NextBytes(random);
                bytes.AddRange(random);
                break;
            case "runs":
                for (var i = 0; i < 500; i++) bytes.AddRange(Enumerable.Repeat((byte)rng.Next(4), 1 + rng.Next(600)));
                break;
            case "text":
                var words = new[] { "alert", "candidate", "ra", "dec", "magpsf", "the", "a", "of" };
                for (var i = 0; i < 30_000; i++) bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(words[rng.Next(words.Length)] + " "));
                break;
            case "doubles":
                for (var i = 0; i < 20_000; i++) bytes.AddRange(BitConverter.GetBytes(rng.NextDouble() * 360));
                break;
            case "tiny":
                bytes.AddRange([1, 2, 3]);
                break;
        }
        return bytes.ToArray();
    }
}
