using System.Text;
using FinkXmatch.Core.ParquetFormat;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Tests.Catalogs;

/// <summary>
/// The catalog load's two shortcuts, against references of their own: a position chunk of Snappy literals only read
/// straight into the rows (against the values written and Apache Parquet C++'s reading), and what the identifiers' copy sees
/// of them (against the written strings, compared by other code).
/// </summary>
public sealed class CatalogPagesInPlaceTests
{
    // Each test writes its own file names here; the folder goes when the process exits.
    private static readonly string Dir = ProcessTempDirectory.Create("finkxmatch-inplace");

    [Theory]
    [InlineData(1)]
    [InlineData(8_191)]      // one literal short of 64 KiB
    [InlineData(8_192)]      // exactly one 64 KiB literal
    [InlineData(30_001)]     // four literals, the last short
    public async Task Random_positions_are_read_into_the_rows_as_literals_and_others_decompressed(int rows)
    {
        var rng = new Random(rows);
        var random = Enumerable.Range(0, rows).Select(_ => rng.NextDouble() * 360).ToArray();
        var smooth = Enumerable.Range(0, rows).Select(i => i * 0.001 - 5).ToArray();
        var path = Path.Combine(Dir, $"pos-{rows}.parquet");
        var schema = new ParquetSchema(new DataField<double>("ra"), new DataField<double>("dec"));
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(schema.DataFields[0], random);
            await group.WriteAsync<double>(schema.DataFields[1], smooth);
        }
        double[] raRead, decRead;
        using (var reader = new ParquetSharp.ParquetFileReader(path))
        using (var group = reader.RowGroup(0))
        {
            using (var column = group.Column(0).LogicalReader<double>()) raRead = column.ReadAll(rows);
            using (var column = group.Column(1).LogicalReader<double>()) decRead = column.ReadAll(rows);
        }

        using var file = File.OpenHandle(path);
        var footer = ParquetFooter.Read(file);
        var chunks = new FlatChunkReader();
        var ra = new double[rows];
        var dec = new double[rows];
        Assert.True(chunks.TryLoadRequiredInto(file, footer.Chunk(0, 0)!.Value, Parquet.Meta.Type.DOUBLE, 0, ra.AsSpan()));
        Assert.Equal(1, chunks.LiteralPagesRead);
        Assert.True(chunks.TryLoadRequiredInto(file, footer.Chunk(0, 1)!.Value, Parquet.Meta.Type.DOUBLE, 0, dec.AsSpan()));
        Assert.Equal(rows > 100 ? 1 : 2, chunks.LiteralPagesRead);     // a few smooth values are literals too
        Assert.Equal(random, ra);
        Assert.Equal(raRead, ra);
        Assert.Equal(smooth, dec);
        Assert.Equal(decRead, dec);
        // A target of another length is refused, by either path.
        Assert.False(chunks.TryLoadRequiredInto(file, footer.Chunk(0, 0)!.Value, Parquet.Meta.Type.DOUBLE, 0, new double[rows + 1].AsSpan()));
    }

    /// <summary>
    /// Each part of a position chunk is handed to the check as soon as it is read (a chunk of literals: 8 literals of
    /// 64 KiB at a time; pages decompressed: a page at a time), the parts covering every row once, in order; a check
    /// that refuses a part makes the load false; and a catalog whose position out of range lies in a later part is
    /// still reported at its row.
    /// </summary>
    [Theory]
    [InlineData(140_005, true)]     // 18 literals: parts of 8, 8 and 2
    [InlineData(65_536, true)]      // exactly one part
    [InlineData(140_005, false)]    // smooth values: pages decompressed
    public async Task Position_parts_are_checked_as_they_are_read(int rows, bool random)
    {
        var rng = new Random(rows);
        var values = Enumerable.Range(0, rows).Select(i => random ? rng.NextDouble() * 360 : i * 0.001).ToArray();
        var path = Path.Combine(Dir, $"parts-{rows}-{random}.parquet");
        var schema = new ParquetSchema(new DataField<double>("ra"), new DataField<double>("dec"), new DataField<string>("id"));
        values[rows - 7] = 400;   // out of range, in the last part
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(schema.DataFields[0], values);
            await group.WriteAsync<double>(schema.DataFields[1], Enumerable.Range(0, rows).Select(i => (i % 170) - 85.0).ToArray());
            await group.WriteAsync((DataField<string>)schema.DataFields[2], Enumerable.Range(0, rows).Select(i => $"S{i:D9}").ToArray());
        }
        using (var file = File.OpenHandle(path))
        {
            var chunk = ParquetFooter.Read(file).Chunk(0, 0)!.Value;
            var chunks = new FlatChunkReader();
            var into = new double[rows];
            var parts = new List<(int First, int Count)>();
            Assert.True(chunks.TryLoadRequiredInto(file, chunk, Parquet.Meta.Type.DOUBLE, 0, into.AsSpan(), (first, count) =>
            {
                parts.Add((first, count));
                return true;
            }));
            Assert.Equal(random ? 1 : 0, chunks.LiteralPagesRead);
            Assert.Equal(values, into);
            var next = 0;
            foreach (var (first, count) in parts)
            {
                Assert.Equal(next, first);
                next += count;
            }
            Assert.Equal(rows, next);
            if (random) Assert.Equal((rows * 8 + (8 << 16) - 1) / (8 << 16), parts.Count);
            // A check refusing the second part (or the only one): false, and no part after it asked for.
            var asked = 0;
            Assert.False(chunks.TryLoadRequiredInto(file, chunk, Parquet.Meta.Type.DOUBLE, 0, into.AsSpan(), (_, _) => ++asked < Math.Min(2, parts.Count)));
            Assert.Equal(Math.Min(2, parts.Count), asked);
        }
        using var reader = FinkXmatch.Core.Catalogs.CatalogReaders.Open(path);
        var error = Assert.Throws<FinkXmatch.Core.Catalogs.CatalogException>(() => FinkXmatch.Core.Catalogs.CatalogLoader.Load(reader, new("ra", "dec", "id")));
        Assert.Equal(FinkXmatch.Core.Catalogs.CatalogErrorKind.RaOutOfRange, error.Kind);
        Assert.Equal(rows - 6, error.Row);
    }

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        foreach (var width in new[] { 1, 5, 8, 9, 12, 15, 16, 17 })
            foreach (var kind in new[] { "ascending", "shuffled", "repeat", "repeat-at-end", "non-ascii", "non-ascii-last-byte", "space-first", "descending-tail" })
                data.Add(width, kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void What_the_identifiers_copy_sees_is_what_the_values_are(int width, string kind)
    {
        // Apache Parquet C++ with small pages (many per chunk, so values at every page's end go one at a time).
        var ids = Values(width, kind);
        var path = WriteStrings(Path.Combine(Dir, $"ids-{width}-{kind}.parquet"), ids, pageBytes: 512, batch: 37);
        using var file = File.OpenHandle(path);
        var footer = ParquetFooter.Read(file);
        var into = new byte[ids.Length * width];
        Assert.True(new FlatChunkReader().TryLoadUniformBytes(file, footer.Chunk(0, 0)!.Value, footer.Leaves[0].MaxDefinitionLevel, ids.Length,
            _ => into, out var seen));
        Assert.Equal(string.Concat(ids), Encoding.UTF8.GetString(into));
        AssertSeen(ids, width, seen);
    }

    // One optional string column by Apache Parquet C++ (ParquetSharp), Snappy, no dictionary, pages of about pageBytes.
    private static string WriteStrings(string path, string[] ids, int pageBytes, int batch)
    {
        using (var properties = new ParquetSharp.WriterPropertiesBuilder().Compression(ParquetSharp.Compression.Snappy).DataPagesize(pageBytes)
                   .WriteBatchSize(batch).DisableDictionary().Build())
        using (var writer = new ParquetSharp.ParquetFileWriter(path, [new ParquetSharp.Column<string>("id")], properties))
        {
            using var group = writer.AppendRowGroup();
            using (var w = group.NextColumn().LogicalWriter<string>()) w.WriteBatch(ids);
            writer.Close();
        }
        return path;
    }

    // What the copy saw, against the values themselves.
    private static void AssertSeen(string[] ids, int width, UniformValuesSeen seen)
    {
        var bytes = ids.Select(Encoding.UTF8.GetBytes).ToArray();
        Assert.Equal(width <= 16, seen.Known);
        if (!seen.Known) return;
        Assert.Equal(Enumerable.Range(1, bytes.Length - 1).All(i => bytes[i].AsSpan().SequenceCompareTo(bytes[i - 1]) > 0), seen.Ascending);
        Assert.Equal(bytes.All(b => b.All(x => x < 0x80)), seen.AllAscii);
        Assert.Equal(bytes.All(b => b[0] is >= 0x21 and <= 0x7E), seen.PrintableFirst);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_page_decompressed_into_the_identifiers_array_is_compacted_to_the_values(int width, string kind)
    {
        // Apache Parquet C++, one Snappy page per chunk (as the peers' catalogs are written), required and optional.
        var ids = Values(width, kind);
        foreach (var required in new[] { true, false })
        {
            var path = Path.Combine(Dir, $"one-page-{width}-{kind}-{required}.parquet");
            using var node = new ParquetSharp.Schema.PrimitiveNode("id", required ? ParquetSharp.Repetition.Required : ParquetSharp.Repetition.Optional,
                ParquetSharp.LogicalType.String(), ParquetSharp.PhysicalType.ByteArray);
            using var schema = new ParquetSharp.Schema.GroupNode("schema", ParquetSharp.Repetition.Required, [node]);
            using (var properties = new ParquetSharp.WriterPropertiesBuilder().Compression(ParquetSharp.Compression.Snappy).DataPagesize(1 << 20)
                       .DisableDictionary().Build())
            using (var writer = new ParquetSharp.ParquetFileWriter(path, schema, properties))
            {
                using var group = writer.AppendRowGroup();
                using (var w = group.NextColumn().LogicalWriter<string>()) w.WriteBatch(ids);
                writer.Close();
            }
            using var file = File.OpenHandle(path);
            var footer = ParquetFooter.Read(file);
            byte[]? array = null;
            var reader = new FlatChunkReader { InPlace = (w, bytes) => w == width ? array = new byte[bytes] : [] };
            // Values longer than 16 bytes are not moved in place: they go through the page buffer into the target.
            var target = new byte[ids.Length * width];
            Assert.True(reader.TryLoadUniformBytes(file, footer.Chunk(0, 0)!.Value, footer.Leaves[0].MaxDefinitionLevel, ids.Length,
                _ => width > 16 ? target : throw new InvalidOperationException("not the page buffer's path"), out var seen));
            Assert.Equal(width > 16, array is null);
            array ??= target;
            if (width <= 16) Assert.True(array.Length >= ids.Length * (width + 4));
            Assert.Equal(string.Concat(ids), Encoding.UTF8.GetString(array, 0, ids.Length * width));
            AssertSeen(ids, width, seen);
        }
    }

    [Fact]
    public void A_page_refused_in_place_is_read_into_the_target_instead()
    {
        var ids = Values(10, "ascending");
        var path = WriteStrings(Path.Combine(Dir, "one-page-refused.parquet"), ids, pageBytes: 1 << 20, batch: 1024);
        using var file = File.OpenHandle(path);
        var footer = ParquetFooter.Read(file);
        var asked = 0;
        var into = new byte[ids.Length * 10];
        Assert.True(new FlatChunkReader { InPlace = (_, _) => { asked++; return []; } }.TryLoadUniformBytes(file, footer.Chunk(0, 0)!.Value,
            footer.Leaves[0].MaxDefinitionLevel, ids.Length, _ => into, out _));
        Assert.Equal(1, asked);
        Assert.Equal(string.Concat(ids), Encoding.UTF8.GetString(into));
    }

    // 500 values of `width` bytes (UTF-8), in the order the case names.
    private static string[] Values(int width, string kind)
    {
        var rng = new Random(width * 31 + kind.Length);
        // Ascending: a letter, then the row's digits padded to the width (the last digits change fastest).
        var ids = Enumerable.Range(0, 500).Select(i => width == 1 ? ((char)(0x21 + i % 90)).ToString()
            : "S" + (i * 7).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width - 1, '0')[^(width - 1)..]).ToArray();
        if (width == 1) Array.Sort(ids, StringComparer.Ordinal);
        switch (kind)
        {
            case "shuffled":
                rng.Shuffle(ids);
                break;
            case "repeat":
                ids[250] = ids[249];
                break;
            case "repeat-at-end":
                ids[^1] = ids[^2];
                break;
            case "descending-tail":
                (ids[^1], ids[^3]) = (ids[^3], ids[^1]);
                break;
            case "non-ascii" when width >= 2:
                ids[123] = "é" + ids[123][2..];                    // two bytes for one letter: still `width` bytes
                break;
            case "non-ascii-last-byte" when width >= 2:
                ids[^7] = ids[^7][..^2] + "é";
                break;
            case "space-first":
                ids[321] = " " + ids[321][1..];
                break;
        }
        return ids;
    }
}
