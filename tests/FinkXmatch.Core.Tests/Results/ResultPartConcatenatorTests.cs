using FinkXmatch.Core.Avro;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Tests.Xmatch;
using FinkXmatch.Core.Xmatch;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.Results;

/// <summary>
/// Parts joined into one file read back (with Apache Parquet C++) as the parts' rows in order, row groups included,
/// whether the parts' bytes are copied (same schema) or their rows written again (schemas that differ).
/// </summary>
public sealed class ResultPartConcatenatorTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fxm-join-" + Guid.NewGuid().ToString("N"));

    public ResultPartConcatenatorTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly AvroRecordSchema FlatSchema = AvroSchemaBuilder.Build(
        [ResultColumn.Extra("n", AvroType.Long, nullable: false), ResultColumn.Extra("mag", AvroType.Float), ResultColumn.Extra("id", AvroType.String)]);

    private async Task<string> WritePartAsync(string name, IEnumerable<object?[]> rows, int rowsPerGroup)
    {
        var path = Path.Combine(_directory, name);
        await using var writer = new ResultParquetWriter(FlatSchema, File.Create(path), rowsPerGroup: rowsPerGroup);
        await writer.WriteAsync(rows.ToArray());
        return path;
    }

    private async Task<(string Path, long Rows)> JoinAsync(params string[] parts)
    {
        var path = Path.Combine(_directory, "joined.parquet");
        await using var output = File.Create(path);
        var rows = await ResultPartConcatenator.ConcatenateAsync(parts, output);
        return (path, rows);
    }

    private static object?[][] Rows(int first, int count) =>
        Enumerable.Range(first, count).Select(k => new object?[] { (long)k, k % 3 == 0 ? null : k * 0.25f, k % 5 == 0 ? null : $"S{k}" }).ToArray();

    [Fact]
    public async Task Flat_parts_join_into_their_rows_and_row_groups_in_order()
    {
        var a = await WritePartAsync("a.parquet", Rows(0, 11), rowsPerGroup: 4);
        var empty = await WritePartAsync("empty.parquet", [], rowsPerGroup: 4);
        var b = await WritePartAsync("b.parquet", Rows(11, 40), rowsPerGroup: 16);

        var (joined, rows) = await JoinAsync(a, empty, b);

        Assert.Equal(51, rows);
        var expected = Rows(0, 51);
        Assert.Equal(expected.Select(r => (long)r[0]!), ParquetSharpColumns.Read<long>(joined, "n"));
        Assert.Equal(expected.Select(r => (float?)r[1]), ParquetSharpColumns.Read<float?>(joined, "mag"));
        Assert.Equal(expected.Select(r => (string?)r[2]), ParquetSharpColumns.Read<string?>(joined, "id"));
        using var file = new ParquetFileReader(joined);
        Assert.Equal([4L, 4, 3, 16, 16, 8], Enumerable.Range(0, file.FileMetaData.NumRowGroups).Select(g => file.RowGroup(g).MetaData.NumRows));
        Assert.Equal(51, file.FileMetaData.NumRows);
        // Each row group keeps its statistics: n runs 0-3, 4-7, 8-10, 11-26, ...
        long[][] bounds = [[0, 3], [4, 7], [8, 10], [11, 26], [27, 42], [43, 50]];
        for (var g = 0; g < bounds.Length; g++)
        {
            using var group = file.RowGroup(g);
            var n = (Statistics<long>)group.MetaData.GetColumnChunkMetaData(0).Statistics!;
            Assert.Equal((bounds[g][0], bounds[g][1]), (n.Min, n.Max));
        }
        // Parquet.Net reads it too (the service's own reader of results).
        await using var stream = File.OpenRead(joined);
        await using var reader = await Parquet.ParquetReader.CreateAsync(stream);
        Assert.Equal(6, reader.RowGroupCount);
    }

    [Fact]
    public async Task Parts_without_rows_join_into_a_file_with_the_columns_and_no_rows()
    {
        var (joined, rows) = await JoinAsync(await WritePartAsync("a.parquet", [], 4), await WritePartAsync("b.parquet", [], 4));

        Assert.Equal(0, rows);
        using var file = new ParquetFileReader(joined);
        Assert.Equal(0, file.FileMetaData.NumRows);
        Assert.Equal(["n", "mag", "id"], file.FileMetaData.Schema.GroupNode.Fields.Select(f => f.Name));
    }

    [Fact]
    public async Task Nested_columns_join_as_they_were_written()
    {
        // Two different parts (3600" and 1800"), so a row group whose offsets were not moved would read the other part's bytes.
        async Task<string> Part(string name, double radius)
        {
            var path = Path.Combine(_directory, name);
            var options = new XmatchOptions(radius, MatchMode.All, Fields: ["candidate", "prv_candidates", "cutoutScience"]);
            await EngineRun.ToFileAsync(TestData.Path("datalake-sample"), ReferenceCatalogs.ThreeHsp(), options, path);
            return path;
        }
        var (wide, narrow) = (await Part("wide.parquet", 3600), await Part("narrow.parquet", 1800));

        var (joined, rows) = await JoinAsync(wide, narrow);

        T[] Both<T>(string column) => [.. ParquetSharpColumns.Read<T>(wide, column), .. ParquetSharpColumns.Read<T>(narrow, column)];
        Assert.Equal(29 + ParquetSharpColumns.Read<long?>(narrow, "candid").Length, rows);
        Assert.Equal(Both<long?>("candid"), ParquetSharpColumns.Read<long?>(joined, "candid"));
        Assert.Equal(Both<float?>("candidate.magpsf"), ParquetSharpColumns.Read<float?>(joined, "candidate.magpsf"));
        Assert.Equal(Both<double?[]?>("prv_candidates.list.element.jd"), ParquetSharpColumns.Read<double?[]?>(joined, "prv_candidates.list.element.jd"));
        Assert.Equal(Both<byte[]?>("cutoutScience.stampData"), ParquetSharpColumns.Read<byte[]?>(joined, "cutoutScience.stampData"));
        Assert.Equal(Both<string>("id"), ParquetSharpColumns.Read<string>(joined, "id"));
    }

    [Fact]
    public async Task Parts_whose_schemas_differ_have_their_rows_written_again()
    {
        // The same columns written by Parquet C++: its schema elements are encoded otherwise, so bytes are not copied.
        var cpp = Path.Combine(_directory, "cpp.parquet");
        var rows = Rows(0, 7);
        using (var writer = new ParquetFileWriter(cpp, [new Column<long>("n"), new Column<float?>("mag"), new Column<string?>("id")]))
        {
            using var group = writer.AppendRowGroup();
            using (var n = group.NextColumn().LogicalWriter<long>()) n.WriteBatch(rows.Select(r => (long)r[0]!).ToArray());
            using (var mag = group.NextColumn().LogicalWriter<float?>()) mag.WriteBatch(rows.Select(r => (float?)r[1]).ToArray());
            using (var id = group.NextColumn().LogicalWriter<string?>()) id.WriteBatch(rows.Select(r => (string?)r[2]).ToArray());
            writer.Close();
        }
        var ours = await WritePartAsync("ours.parquet", Rows(7, 5), rowsPerGroup: 4);

        var (joined, count) = await JoinAsync(cpp, ours);

        Assert.Equal(12, count);
        Assert.Equal(Rows(0, 12).Select(r => (string?)r[2]), ParquetSharpColumns.Read<string?>(joined, "id"));
        Assert.Equal(Rows(0, 12).Select(r => (float?)r[1]), ParquetSharpColumns.Read<float?>(joined, "mag"));
        using var file = new ParquetFileReader(joined);
        Assert.DoesNotContain("parquet-cpp", file.FileMetaData.CreatedBy, StringComparison.OrdinalIgnoreCase);   // written again by Parquet.Net
    }

    [Fact]
    public async Task Parts_of_different_columns_join_into_the_union_of_their_columns_missing_ones_null()
    {
        // A part of an older layout (n, mag, id) and one with a column and a struct more, as nights of several schema
        // generations gave before a job had one schema for all its nights.
        var wider = AvroSchemaBuilder.FromParquet(new Parquet.Schema.ParquetSchema(
            new Parquet.Schema.DataField("n", typeof(long), true), new Parquet.Schema.DataField("tns", typeof(string), true),
            new Parquet.Schema.StructField("extra", new Parquet.Schema.DataField("a", typeof(int), true)),
            new Parquet.Schema.DataField("mag", typeof(float), true), new Parquet.Schema.DataField("id", typeof(string), true)));
        var old = await WritePartAsync("old.parquet", Rows(0, 3), rowsPerGroup: 10);
        var newer = Path.Combine(_directory, "new.parquet");
        await using (var writer = new ResultParquetWriter(wider, File.Create(newer)))
            await writer.WriteAsync([[3L, "SN 2025abc", new object?[] { 7 }, 1.5f, "S3"], [4L, null, null, null, "S4"]]);

        var (joined, count) = await JoinAsync(old, newer);

        Assert.Equal(5, count);
        var columns = ParquetSharpColumns.Names(joined);
        Assert.Equal(["n", "mag", "id", "tns", "extra.a"], columns);
        Assert.Equal([0L, 1L, 2L, 3L, 4L], ParquetSharpColumns.Read<long?>(joined, "n"));
        Assert.Equal(new string?[] { null, null, null, "SN 2025abc", null }, ParquetSharpColumns.Read<string?>(joined, "tns"));
        Assert.Equal([null, null, null, 7, null], ParquetSharpColumns.Read<int?>(joined, "extra.a"));
        Assert.Equal(Rows(0, 3).Select(r => (float?)r[1]).Append(1.5f).Append(null), ParquetSharpColumns.Read<float?>(joined, "mag"));
        Assert.Equal(new string?[] { null, "S1", "S2", "S3", "S4" }, ParquetSharpColumns.Read<string?>(joined, "id"));
    }
}
