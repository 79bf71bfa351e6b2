using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Raw;
using Parquet;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Tests.Datalake;

/// <summary>
/// The late-materialization path of <see cref="AlertFile.ReadRowsAsync"/> (direct flat reader, Parquet.Net for nested
/// columns, <c>RowMaterializer</c>) on a file that <see cref="AlertFile"/> does not open yet: LSST files have no
/// <c>candidate.ra</c> until the survey is a first-class word of the scan (issue 18, survey plumbing).
/// </summary>
internal static class NestedFieldReader
{
    /// <summary>Every row of one row group of <paramref name="path"/>, with the given fields.</summary>
    public static async Task<(AlertSchema Schema, MaterializedRows Rows)> ReadAsync(string path, IReadOnlyList<string> fields,
        int rowGroup = 0)
    {
        using var handle = File.OpenHandle(path);
        using var raw = new RawColumnSource(handle, ParquetFooter.Read(handle));
        await using var reader = await ParquetReader.CreateAsync(path);
        var schema = AlertSchema.FromParquet(reader.Schema);
        var rowCount = raw.Footer.RowGroupRows[rowGroup];
        var result = await RowMaterializer.ReadAsync(raw, rowGroup, _ => ValueTask.FromResult(reader.OpenRowGroupReader(rowGroup)), rowCount,
            Enumerable.Range(0, rowCount).ToArray(), schema.Resolve(fields), CancellationToken.None);
        return (schema, result);
    }
}
