using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Raw;
using Parquet;

namespace FinkXmatch.Core.Tests.Datalake;

/// <summary>
/// The late-materialization path of <see cref="AlertFile.ReadRowsAsync"/> (direct flat reader, Parquet.Net for nested
/// columns, <c>RowMaterializer</c>) on a file that <see cref="AlertFile"/> does not open yet: LSST files have no
/// <c>candidate.ra</c> until the survey is a first-class word of the scan (issue 18, survey plumbing).
/// </summary>
internal static class NestedFieldReader
{
    public static async Task<(AlertSchema Schema, MaterializedRows Rows)> ReadAsync(string path, IReadOnlyList<string> fields,
        IReadOnlyList<int>? rows = null)
    {
        using var handle = File.OpenHandle(path);
        using var raw = new RawColumnSource(handle, ParquetFooter.Read(handle));
        await using var reader = await ParquetReader.CreateAsync(path);
        var schema = AlertSchema.FromParquet(reader.Schema);
        var rowCount = raw.Footer.RowGroupRows[0];
        rows ??= Enumerable.Range(0, rowCount).ToArray();
        var result = await RowMaterializer.ReadAsync(raw, 0, _ => ValueTask.FromResult(reader.OpenRowGroupReader(0)), rowCount, rows,
            schema.Resolve(fields), CancellationToken.None);
        return (schema, result);
    }
}
