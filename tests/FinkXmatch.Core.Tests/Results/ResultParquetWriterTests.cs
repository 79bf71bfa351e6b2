using FinkXmatch.Core.Kafka.Avro;
using FinkXmatch.Core.Results;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.Results;

/// <summary>Rows given in many small calls come out in order, in row groups of the configured size (read with Parquet C++).</summary>
public sealed class ResultParquetWriterTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "fxm-writer-" + Guid.NewGuid().ToString("N") + ".parquet");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Small_writes_are_gathered_into_row_groups_of_the_configured_size()
    {
        var schema = AvroSchemaBuilder.Build([ResultColumn.Extra("n", AvroType.Long, nullable: false), ResultColumn.Extra("id", AvroType.String)]);
        var next = 0L;
        object?[][] Rows(int count) => Enumerable.Range(0, count).Select(_ => new object?[] { next, $"S{next++}" }).ToArray();
        await using (var writer = new ResultParquetWriter(schema, File.Create(_path), rowsPerGroup: 4))
        {
            foreach (var count in new[] { 3, 3, 0, 3, 2 }) await writer.WriteAsync(Rows(count));
            Assert.Equal(11, writer.RowsWritten);
        }

        using var file = new ParquetFileReader(_path);
        Assert.Equal([4L, 4, 3], Enumerable.Range(0, file.FileMetaData.NumRowGroups).Select(g => file.RowGroup(g).MetaData.NumRows));
        Assert.Equal(Enumerable.Range(0, 11).Select(i => (long)i), ParquetSharpColumns.Read<long>(_path, "n"));
        Assert.Equal(Enumerable.Range(0, 11).Select(i => $"S{i}"), ParquetSharpColumns.Read<string?>(_path, "id"));
    }
}
