using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Datalake.Raw;
using Parquet;
using Parquet.Schema;
using Xunit;
using FinkXmatch.Core.ParquetFormat;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Tests.Datalake;

namespace FinkXmatch.Core.Tests.ParquetFormat;

/// <summary>
/// The direct footer and flat-column path must give exactly what Parquet.Net gives, or decline: on the real datalake
/// sample (Spark-written: Snappy, dictionary-encoded objectId, nulls), a generated file (Parquet.Net-written) and
/// files written by Apache Parquet C++ with many pages, dictionary pages falling back to PLAIN, nulls, no compression.
/// </summary>
public sealed class FlatChunkReaderTests
{
    [Fact]
    public void PageHeaderOfAGeneratedChunkParses()
    {
        var bytes = Convert.FromHexString(
            "15001590f62c15baf62c2c15e0ce051500150615061c18084f37569dec7f7640180800ccacce746c733f160028084f37569dec7f7640180800ccacce746c733f000000");
        var length = PageHeader.Read(bytes, out var header);
        Assert.Equal(bytes.Length, length);
        Assert.Equal(ParquetThrift.PageType.DataPage, header.Type);
        Assert.Equal(46000, header.NumValues);
        Assert.Equal(0, header.Encoding);
    }

    public static TheoryData<string> Files() => new() { SampleFiles.Part2, SampleFiles.Part3, GeneratedFile.Value, SampleFiles.Rubin };

    public static TheoryData<string> WrittenFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in ParquetCppFiles.Value) data.Add(file);
        return data;
    }

    private static readonly Lazy<string> GeneratedFile = new(() =>
    {
        var root = ProcessTempDirectory.Create("finkxmatch-flatchunk");
        var options = new DatalakeGeneratorOptions(root, new DateOnly(2024, 1, 1), 1, 3000, CutoutBytes: 0, RowGroupSize: 1000, MaxHistory: 2);
        new DatalakeGenerator(options).GenerateAsync().GetAwaiter().GetResult();
        return Directory.GetFiles(root, "*.parquet", SearchOption.AllDirectories)[0];
    });

    private static readonly Lazy<string[]> ParquetCppFiles = new(() => ParquetCppFlatFiles.Write(
        ProcessTempDirectory.Create("finkxmatch-flatchunk-cpp")));

    [Theory]
    [MemberData(nameof(Files))]
    [MemberData(nameof(WrittenFiles))]
    public async Task FooterEqualsParquetNetMetadata(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        using var handle = File.OpenHandle(path);
        var footer = ParquetFooter.Read(handle);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(fields.Length, footer.Leaves.Count);
        Assert.Equal(Enumerable.Range(0, reader.RowGroupCount).Select(g => (int)reader.RowGroups[g].RowCount), footer.RowGroupRows);
        for (var leaf = 0; leaf < fields.Length; leaf++)
        {
            var f = fields[leaf];
            Assert.Equal(ParquetFooter.PathKey(f.Path.ToList()), footer.Leaves[leaf].Path);
            Assert.Equal((f.MaxDefinitionLevel, f.MaxRepetitionLevel), (footer.Leaves[leaf].MaxDefinitionLevel, footer.Leaves[leaf].MaxRepetitionLevel));
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var meta = reader.RowGroups[g].GetMetadata(f)!.MetaData!;
                var chunk = footer.Chunk(g, leaf)!.Value;
                Assert.Equal((meta.Type, meta.Codec, meta.NumValues, meta.TotalCompressedSize, meta.TotalUncompressedSize, meta.DataPageOffset, meta.DictionaryPageOffset ?? 0),
                    (chunk.Type, chunk.Codec, chunk.NumValues, chunk.TotalCompressedSize, chunk.TotalUncompressedSize, chunk.DataPageOffset, chunk.DictionaryPageOffset));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    [MemberData(nameof(WrittenFiles))]
    public void AFooterReadKeepingSomeChunksGivesThemAsTheWholeRead(string path)
    {
        using var handle = File.OpenHandle(path);
        var whole = ParquetFooter.Read(handle);
        // Every third leaf kept: the others' chunks are skipped, and the kept ones must still be found where they are.
        var keep = whole.Leaves.Where((_, i) => i % 3 == 1).Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        var part = ParquetFooter.Read(handle, keep);
        Assert.Equal(whole.Leaves, part.Leaves);
        Assert.Equal(whole.RowGroupRows, part.RowGroupRows);
        for (var leaf = 0; leaf < whole.Leaves.Count; leaf++)
            for (var g = 0; g < whole.RowGroupRows.Length; g++)
                if (keep.Contains(whole.Leaves[leaf].Path)) Assert.Equal(whole.Chunk(g, leaf), part.Chunk(g, leaf));
                else Assert.Throws<InvalidOperationException>(() => part.Chunk(g, leaf));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task EveryFlatColumnReadsAsParquetNetReadsIt(string path)
    {
        var direct = await CompareFlatColumnsAsync(path);
        Assert.True(direct > 20, $"only {direct} column chunks went the direct way");
    }

    [Theory]
    [MemberData(nameof(WrittenFiles))]
    public async Task PagesDictionariesNullsAndCodecsOfAnotherWriterReadAsParquetNetReadsThem(string path)
    {
        var direct = await CompareFlatColumnsAsync(path);
        // Every column of these files is of a supported kind: declining any would leave it untested.
        Assert.Equal(ParquetCppFlatFiles.Columns * ParquetCppFlatFiles.RowGroups, direct);
    }

    /// <summary>
    /// Every flat DOUBLE column read into rows, and decompressed in place when it is one plain page without nulls
    /// (the Parquet.Net- and Spark-written files store their positions so; the C++ files in pages of 1 kB).
    /// </summary>
    [Theory]
    [MemberData(nameof(Files))]
    [MemberData(nameof(WrittenFiles))]
    public async Task PositionsReadAsParquetNetReadsThem(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        using var handle = File.OpenHandle(path);
        using var raw = new RawColumnSource(File.OpenHandle(path), ParquetFooter.Read(handle));
        var doubles = reader.Schema.GetDataFields().Where(f => f.ClrType == typeof(double) && f.MaxRepetitionLevel == 0).ToArray();
        Assert.NotEmpty(doubles);
        var inPlace = 0;
        var bytes = Array.Empty<byte>();
        foreach (var field in doubles)
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var rows = (int)reader.RowGroups[g].RowCount;
                var values = new double[rows];
                var key = ParquetFooter.PathKey(field.Path.ToList());
                Assert.True(raw.TryReadDoubles(g, key, values, double.NaN), $"{field.Path} row group {g} was declined");
                var all = await LeafSelection.ReadAsync(reader.RowGroups[g], field, rows, Enumerable.Range(0, rows).ToArray(), CancellationToken.None);
                var expected = all.Values.Select(v => v is double d ? d : double.NaN).ToArray();
                Assert.Equal(expected, values);
                if (!raw.TryReadPlainDoubles(g, key, rows, ref bytes, out var start))
                {
                    Assert.Equal(-1, start);   // several pages, a dictionary or a null row: read into rows instead
                    continue;
                }
                Assert.All(all.Definitions, d => Assert.Equal(field.MaxDefinitionLevel, d));
                Assert.Equal(expected, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes.AsSpan(start, rows * sizeof(double))).ToArray());
                inPlace++;
            }
        if (!path.Contains("finkxmatch-flatchunk-cpp", StringComparison.Ordinal)) Assert.True(inPlace > 0, "no double column was read in place");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void FreshIsToldOfEachBufferAReaderMakesOnceWithTheBytesAboutToBeWritten(string path)
    {
        using var handle = File.OpenHandle(path);
        var footer = ParquetFooter.Read(handle);
        var told = new List<int>();
        var fresh = new FlatChunkReader { Fresh = bytes => told.Add(bytes.Length) };
        var plain = new FlatChunkReader();
        var loaded = 0;
        for (var leaf = 0; leaf < footer.Leaves.Count; leaf++)
        {
            var (_, type, maxDefinition, maxRepetition) = footer.Leaves[leaf];
            if (maxRepetition != 0 || footer.Chunk(0, leaf) is not { } chunk) continue;
            var rows = footer.RowGroupRows[0];
            told.Clear();
            if (!plain.TryLoad(handle, chunk, type, maxDefinition, rows))
            {
                Assert.False(fresh.TryLoad(handle, chunk, type, maxDefinition, rows));
                continue;
            }
            var bufferLength = plain.RetainedBytes;
            Assert.True(fresh.TryLoad(handle, chunk, type, maxDefinition, rows));
            // The values are those of a reader told nothing.
            Assert.Equal(plain.Definitions.ToArray(), fresh.Definitions.ToArray());
            if (type == Parquet.Meta.Type.BYTE_ARRAY)
                for (var i = 0; i < plain.Defined; i++) Assert.True(plain.Bytes(i).SequenceEqual(fresh.Bytes(i)));
            else if (type is Parquet.Meta.Type.INT32 or Parquet.Meta.Type.FLOAT) Assert.True(plain.DenseValues<int>().SequenceEqual(fresh.DenseValues<int>()));
            else Assert.True(plain.DenseValues<long>().SequenceEqual(fresh.DenseValues<long>()));
            // A buffer made for this chunk is told of with the chunk's bytes (the compressed chunk read into it first).
            if (loaded == 0) Assert.Equal(chunk.TotalCompressedSize, told[0]);
            Assert.All(told, length => Assert.True(length > 0 && length <= bufferLength));
            // The same chunk again: the buffers are reused, nothing is told.
            told.Clear();
            Assert.True(fresh.TryLoad(handle, chunk, type, maxDefinition, rows));
            Assert.Empty(told);
            loaded++;
        }
        Assert.True(loaded > 0);
    }

    // Compares every flat column's chosen rows, direct against Parquet.Net; returns how many chunks went direct.
    private static async Task<int> CompareFlatColumnsAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        using var handle = File.OpenHandle(path);
        using var raw = new RawColumnSource(File.OpenHandle(path), ParquetFooter.Read(handle));
        var direct = 0;
        foreach (var field in reader.Schema.GetDataFields().Where(f => f.MaxRepetitionLevel == 0))
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var group = reader.RowGroups[g];
                var rows = (int)group.RowCount;
                var chosen = Enumerable.Range(0, rows).Where(r => r % 7 == 3 || r == rows - 1 || r == 0).Distinct().ToArray();
                var selection = raw.TrySelect(g, field, rows, chosen);
                if (selection is null) continue;
                var reference = await LeafSelection.ReadAsync(group, field, rows, chosen, CancellationToken.None);
                Assert.Equal(reference.Definitions, selection.Definitions);
                Assert.Equal(reference.RowStart, selection.RowStart);
                Assert.Equal(reference.Values.Length, selection.Values.Length);
                for (var i = 0; i < reference.Values.Length; i++)
                    Assert.True(Same(reference.Values[i], selection.Values[i]), $"{field.Path} row {chosen[i]}: {reference.Values[i]} vs {selection.Values[i]}");
                // The typed column: the same values, null wherever the leaf or a struct above it is not defined.
                var column = raw.TrySelectColumn(g, field, rows, chosen);
                Assert.NotNull(column);
                Assert.Equal(reference.Values.Length, AlertColumns.Count(column));
                for (var i = 0; i < reference.Values.Length; i++)
                {
                    var expected = reference.Definitions[i] == field.MaxDefinitionLevel ? reference.Values[i] : null;
                    var value = AlertColumns.Value(column, i);
                    Assert.True(Same(expected, value), $"{field.Path} row {chosen[i]} typed: {expected} vs {value}");
                }
                direct++;
            }
        ComparePairs(raw, reader);
        // A column's chunk paired with one of another file (here the same file through a handle of its own).
        using var other = new RawColumnSource(File.OpenHandle(path), ParquetFooter.Read(handle));
        foreach (var field in reader.Schema.GetDataFields().Where(f => f.MaxRepetitionLevel == 0))
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var rows = (int)reader.RowGroups[g].RowCount;
                var chosen = Enumerable.Range(0, rows).Where(r => r % 4 == 1 || r == rows - 1).Distinct().ToArray();
                var last = reader.RowGroupCount - 1 - g;
                var lastRows = (int)reader.RowGroups[last].RowCount;
                var lastChosen = Enumerable.Range(0, lastRows).Where(r => r % 6 == 0).ToArray();
                var (ofThis, ofOther) = RawColumnSource.TrySelectColumns(raw, new ChosenRows(g, rows, chosen), field,
                    other, new ChosenRows(last, lastRows, lastChosen), field);
                AssertAsAlone(raw, new ChosenRows(g, rows, chosen), field, ofThis, field);
                AssertAsAlone(other, new ChosenRows(last, lastRows, lastChosen), field, ofOther, field);
            }
        return direct;
    }

    // Two columns at a time (each flat column with the next, which decompresses single-page chunks together), and each
    // column of a row group with the same column of the next row group (or of the same one, for a single row group),
    // must give what each column alone gives, itself compared with Parquet.Net above.
    private static void ComparePairs(RawColumnSource raw, ParquetReader reader)
    {
        var fields = reader.Schema.GetDataFields().Where(f => f.MaxRepetitionLevel == 0).ToArray();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var rows = (int)reader.RowGroups[g].RowCount;
            var chosen = Enumerable.Range(0, rows).Where(r => r % 5 == 2 || r == rows - 1).Distinct().ToArray();
            var next = (g + 1) % reader.RowGroupCount;
            var nextRows = (int)reader.RowGroups[next].RowCount;
            var nextChosen = Enumerable.Range(0, nextRows).Where(r => r % 3 == 1 || r == 0).Distinct().ToArray();
            for (var i = 0; i < fields.Length; i++)
            {
                var (a, b) = (fields[i], fields[(i + 1) % fields.Length]);
                var (columnA, columnB) = raw.TrySelectColumns(g, a, b, rows, chosen);
                AssertAsAlone(raw, new ChosenRows(g, rows, chosen), a, columnA, b);
                AssertAsAlone(raw, new ChosenRows(g, rows, chosen), b, columnB, a);
                var (ofThis, ofNext) = raw.TrySelectColumns(new ChosenRows(g, rows, chosen), a, new ChosenRows(next, nextRows, nextChosen), a);
                AssertAsAlone(raw, new ChosenRows(g, rows, chosen), a, ofThis, a);
                AssertAsAlone(raw, new ChosenRows(next, nextRows, nextChosen), a, ofNext, a);
            }
        }
    }

    private static void AssertAsAlone(RawColumnSource raw, ChosenRows chosen, DataField field, object? column, DataField partner)
    {
        var alone = raw.TrySelectColumn(chosen.RowGroup, field, chosen.RowCount, chosen.Rows);
        Assert.Equal(alone is null, column is null);
        if (alone is null) return;
        for (var k = 0; k < chosen.Rows.Count; k++)
            Assert.True(Same(AlertColumns.Value(alone, k), AlertColumns.Value(column!, k)),
                $"{field.Path} row group {chosen.RowGroup} row {chosen.Rows[k]} read with {partner.Path}: {AlertColumns.Value(alone, k)} vs {AlertColumns.Value(column!, k)}");
    }

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (double x, double y) => x.Equals(y),
        (float x, float y) => x.Equals(y),
        _ => Equals(a, b),
    };
}
