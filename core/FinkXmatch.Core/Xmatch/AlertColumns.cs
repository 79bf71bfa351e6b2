using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// Late materialization of chosen rows of one row group (or two): a flat leaf field comes from the direct reader as a typed
/// array (no value boxed per row) or, for text, its UTF-8 bytes (<see cref="ParquetFormat.Utf8Column"/>), any other field through the record assembler as <c>object?[]</c>, its values passed
/// through <c>shape</c>.
/// </summary>
internal static class AlertColumns
{
    /// <summary>One column per field, one value per row of <paramref name="rows"/> (ascending row indices within the row group).</summary>
    /// <exception cref="DatalakeException">The row group cannot be read; names the file.</exception>
    public static async Task<object[]> ReadAsync(AlertFile file, int rowGroup, IReadOnlyList<int> rows, IReadOnlyList<AlertField> fields,
        Func<object?, object?> shape, CancellationToken cancellationToken)
    {
        var columns = new object?[fields.Count];
        // Two at a time: two flat columns of one page each (the identifiers) are decompressed together.
        for (var f = 0; f < fields.Count; f += 2)
            if (f + 1 < fields.Count) (columns[f], columns[f + 1]) = file.TryReadColumns(rowGroup, rows, fields[f], fields[f + 1]);
            else columns[f] = file.TryReadColumn(rowGroup, rows, fields[f]);
        return await AssembleRestAsync(file, rowGroup, rows, fields, columns, shape, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="ReadAsync"/> of two row groups of a file at once, the same columns: each field's chunks of the two row
    /// groups are decompressed together (<see cref="AlertFile.TryReadColumns(int, IReadOnlyList{int}, AlertField, int, IReadOnlyList{int}, AlertField)"/>),
    /// so that a page whose tags form one chain (ZTF's objectId) overlaps its twin instead of decoding alone.
    /// </summary>
    /// <exception cref="DatalakeException">A row group cannot be read; names the file.</exception>
    public static Task<(object[] A, object[] B)> ReadTwoAsync(AlertFile file, int rowGroupA, IReadOnlyList<int> rowsA, int rowGroupB,
        IReadOnlyList<int> rowsB, IReadOnlyList<AlertField> fields, Func<object?, object?> shape, CancellationToken cancellationToken) =>
        ReadTwoAsync(file, rowGroupA, rowsA, file, rowGroupB, rowsB, fields, shape, cancellationToken);

    /// <summary>
    /// The same for a row group of <paramref name="fileA"/> and one of <paramref name="fileB"/>, which may be another
    /// file: a file's last matched row group, without a twin in its own file, pairs with the next file's first.
    /// </summary>
    /// <exception cref="DatalakeException">A row group cannot be read; names the file.</exception>
    public static async Task<(object[] A, object[] B)> ReadTwoAsync(AlertFile fileA, int rowGroupA, IReadOnlyList<int> rowsA,
        AlertFile fileB, int rowGroupB, IReadOnlyList<int> rowsB, IReadOnlyList<AlertField> fields, Func<object?, object?> shape,
        CancellationToken cancellationToken)
    {
        var (columnsA, columnsB) = (new object?[fields.Count], new object?[fields.Count]);
        for (var f = 0; f < fields.Count; f++)
            (columnsA[f], columnsB[f]) = AlertFile.TryReadColumns(fileA, rowGroupA, rowsA, fields[f], fileB, rowGroupB, rowsB, fields[f]);
        return (await AssembleRestAsync(fileA, rowGroupA, rowsA, fields, columnsA, shape, cancellationToken).ConfigureAwait(false),
            await AssembleRestAsync(fileB, rowGroupB, rowsB, fields, columnsB, shape, cancellationToken).ConfigureAwait(false));
    }

    // The columns the direct reader left null, through the record assembler.
    private static async Task<object[]> AssembleRestAsync(AlertFile file, int rowGroup, IReadOnlyList<int> rows, IReadOnlyList<AlertField> fields,
        object?[] columns, Func<object?, object?> shape, CancellationToken cancellationToken)
    {
        List<AlertField>? assembled = null;
        for (var f = 0; f < fields.Count; f++)
            if (columns[f] is null) (assembled ??= []).Add(fields[f]);
        if (assembled is null) return columns!;   // every column read directly
        var values = await file.ReadRowsAsync(rowGroup, rows, assembled, cancellationToken).ConfigureAwait(false);
        var next = 0;
        for (var f = 0; f < fields.Count; f++)
        {
            if (columns[f] is not null) continue;
            var fieldValues = values.Fields[next++].Values;
            var column = new object?[fieldValues.Count];
            for (var k = 0; k < column.Length; k++) column[k] = shape(fieldValues[k]);
            columns[f] = column;
        }
        return columns!;   // every column filled by now
    }
}
