using FinkXmatch.Core.ParquetFormat;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Tests.ParquetFormat;

/// <summary>
/// A Snappy page of literals only (random doubles, as alert positions) is read straight into place, each literal's
/// tag checked where it was read (<see cref="FlatChunkReader.TryLoadPlainPage"/>); the values must be those Parquet.Net wrote,
/// pages with copies must take the decompressing path and give the same, and a page whose tag was damaged is refused.
/// </summary>
public sealed class LiteralPageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fxm-literal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, int, bool> Pages() => new()
    {
        // column kind, rows, read into place
        { "random", 20_000, true },            // 160 kB: three literals of 64 KiB, the last shorter
        { "random optional", 20_000, true },   // the same after the definition levels
        { "random", 8_192, true },             // exactly 64 KiB of values
        { "random", 5, true },                 // one literal of 40 bytes: a 1-byte tag
        { "repeating", 20_000, false },        // copies: decompressed
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Values_are_those_written(string kind, int rows, bool intoPlace)
    {
        var (path, expected) = await WriteAsync(kind, rows);
        var reader = new FlatChunkReader();
        var target = Array.Empty<byte>();
        var (chunk, maxDefinition) = Chunk(path);
        Assert.True(reader.TryLoadPlainPage(File.OpenHandle(path), chunk, Parquet.Meta.Type.DOUBLE, maxDefinition, rows, ref target, out var start));
        Assert.Equal(intoPlace ? 1 : 0, reader.LiteralPagesRead);
        Assert.Equal(expected, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(target.AsSpan(start, rows * sizeof(double))).ToArray());
    }

    [Fact]
    public async Task A_damaged_tag_between_literals_is_refused()
    {
        var (path, _) = await WriteAsync("random", 20_000);
        var (chunk, maxDefinition) = Chunk(path);
        // The second literal's tag: after the page header, the stream's length, the first tag and 64 KiB.
        var bytes = File.ReadAllBytes(path);
        var headerLength = PageHeader.Read(bytes.AsSpan((int)chunk.DataPageOffset), out var page);
        var secondTag = (int)chunk.DataPageOffset + headerLength + 3 + 3 + 65_536;
        Assert.Equal(61 << 2, bytes[secondTag]);
        foreach (var (at, value) in new[] { (secondTag, (byte)(60 << 2)), (secondTag + 2, (byte)0x7f) })
        {
            var damaged = (byte[])bytes.Clone();
            damaged[at] = value;
            var copy = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".parquet");
            File.WriteAllBytes(copy, damaged);
            var reader = new FlatChunkReader();
            var target = Array.Empty<byte>();
            Assert.False(reader.TryLoadPlainPage(File.OpenHandle(copy), chunk, Parquet.Meta.Type.DOUBLE, maxDefinition, page.NumValues, ref target, out _));
            Assert.Equal(0, reader.LiteralPagesRead);
        }
    }

    private async Task<(string Path, double[] Values)> WriteAsync(string kind, int rows)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".parquet");
        var rng = new Random(rows);
        var values = Enumerable.Range(0, rows).Select(i => kind == "repeating" ? i % 10 * 1.5 : rng.NextDouble() * 360).ToArray();
        var optional = kind.EndsWith("optional", StringComparison.Ordinal);
        DataField field = optional ? new DataField<double?>("ra") : new DataField<double>("ra");
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy });
        using var group = writer.CreateRowGroup();
        if (optional) await group.WriteAsync<double>((DataField<double?>)field, values.Select(v => (double?)v).ToArray());
        else await group.WriteAsync<double>((DataField<double>)field, values);
        return (path, values);
    }

    private static (ColumnChunkInfo Chunk, int MaxDefinition) Chunk(string path)
    {
        using var handle = File.OpenHandle(path);
        var footer = ParquetFooter.Read(handle);
        Assert.Equal(Parquet.Meta.CompressionCodec.SNAPPY, footer.Chunk(0, 0)!.Value.Codec);
        return (footer.Chunk(0, 0)!.Value, footer.Leaves[0].MaxDefinitionLevel);
    }
}
