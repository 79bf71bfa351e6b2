using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Datalake;

/// <summary>
/// One open datalake Parquet file: projected position scans per row group, and late materialization of requested
/// fields for chosen rows of a row group. Not thread-safe: one scan at a time per instance.
/// </summary>
public sealed class AlertFile : IAsyncDisposable
{
    private readonly ParquetReader _reader;
    private readonly DataField _ra;
    private readonly DataField _dec;
    private readonly DataField _candid;
    private readonly DataField _objectId;

    private AlertFile(string path, ParquetReader reader, AlertSchema schema)
    {
        Path = path;
        _reader = reader;
        Schema = schema;
        _ra = Leaf(schema, "candidate.ra", AlertValueType.Double);
        _dec = Leaf(schema, "candidate.dec", AlertValueType.Double);
        _candid = Leaf(schema, "candid", AlertValueType.Int64);
        _objectId = Leaf(schema, "objectId", AlertValueType.String);
        var rows = new int[reader.RowGroupCount];
        for (var i = 0; i < rows.Length; i++) rows[i] = checked((int)reader.RowGroups[i].RowCount);
        RowGroupRows = rows;
        RowCount = rows.Sum(r => (long)r);
    }

    /// <summary>Path of the file.</summary>
    public string Path { get; }

    /// <summary>The file's alert schema.</summary>
    public AlertSchema Schema { get; }

    /// <summary>Number of row groups.</summary>
    public int RowGroupCount => RowGroupRows.Count;

    /// <summary>Rows per row group, from the file's metadata.</summary>
    public IReadOnlyList<int> RowGroupRows { get; }

    /// <summary>Rows in the file, from its metadata.</summary>
    public long RowCount { get; }

    /// <summary>Opens a datalake file and checks it has the columns a scan needs.</summary>
    /// <exception cref="DatalakeException">Missing or unreadable file, or not an alert file.</exception>
    public static async Task<AlertFile> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever a damaged file makes the reader throw, the message names the file.
            throw new DatalakeException($"cannot open datalake file '{path}': {e.Message}", e);
        }
        try
        {
            return new AlertFile(path, reader, AlertSchema.FromParquet(reader.Schema));
        }
        catch (Exception e) when (e is not DatalakeException)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw new DatalakeException($"cannot read datalake file '{path}': {e.Message}", e);
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Reads <c>candidate.ra</c>, <c>candidate.dec</c> (and the <paramref name="columns"/> extras) of one row group
    /// into <paramref name="batch"/>, reusing its buffers. No other column is read.
    /// </summary>
    /// <exception cref="DatalakeException">The row group cannot be read (a damaged or truncated file); names the file.</exception>
    public async ValueTask ReadPositionsAsync(int rowGroup, PositionBatch batch, ScanColumns columns = ScanColumns.Positions,
        CancellationToken cancellationToken = default)
    {
        try
        {
            await ReadPositionsCoreAsync(rowGroup, batch, columns, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!IsCallerError(e))
        {
            throw Unreadable(rowGroup, e);
        }
    }

    private async ValueTask ReadPositionsCoreAsync(int rowGroup, PositionBatch batch, ScanColumns columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var group = _reader.RowGroups[rowGroup];
        var rows = RowGroupRows[rowGroup];
        batch.Reset(Path, rowGroup, rows, columns);
        await ReadFlatAsync(group, _ra, batch.RaBuffer, batch.Levels, rows, double.NaN, cancellationToken).ConfigureAwait(false);
        await ReadFlatAsync(group, _dec, batch.DecBuffer, batch.Levels, rows, double.NaN, cancellationToken).ConfigureAwait(false);
        if ((columns & ScanColumns.Candid) != 0)
            await ReadFlatAsync(group, _candid, batch.CandidBuffer, batch.Levels, rows, 0L, cancellationToken).ConfigureAwait(false);
        if ((columns & ScanColumns.ObjectId) != 0)
            await group.ReadAsync(_objectId, batch.ObjectIdBuffer.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Late materialization: reads <paramref name="fields"/> of row group <paramref name="rowGroup"/> (each column once)
    /// and returns their values for <paramref name="rows"/> (indices within the row group, ascending).
    /// </summary>
    /// <exception cref="DatalakeException">The row group cannot be read (a damaged or truncated file); names the file.</exception>
    public async Task<MaterializedRows> ReadRowsAsync(int rowGroup, IReadOnlyList<int> rows, IReadOnlyList<AlertField> fields,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await RowMaterializer.ReadAsync(_reader.RowGroups[rowGroup], RowGroupRows[rowGroup], rows, fields, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!IsCallerError(e))
        {
            throw Unreadable(rowGroup, e);
        }
    }

    // A cancel, or arguments the caller got wrong (they name the parameter), are not the file's fault.
    private static bool IsCallerError(Exception e) =>
        e is OperationCanceledException or ArgumentException { ParamName: "rowGroup" or "rows" or "fields" or "batch" or "columns" };

    private DatalakeException Unreadable(int rowGroup, Exception e) =>
        new($"cannot read datalake file '{Path}' (row group {rowGroup}): {e.Message}", e);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private static async ValueTask ReadFlatAsync<T>(ParquetRowGroupReader group, DataField field, T[] values, int[] levels,
        int rows, T whenNull, CancellationToken cancellationToken) where T : struct
    {
        if (field.MaxDefinitionLevel == 0)
        {
            await group.ReadRawAsync<T>(field, values.AsMemory(0, rows), null, null, cancellationToken).ConfigureAwait(false);
            return;
        }
        await group.ReadRawAsync<T>(field, values.AsMemory(0, rows), levels.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
        SpreadNulls(values.AsSpan(0, rows), levels.AsSpan(0, rows), field.MaxDefinitionLevel, whenNull);
    }

    /// <summary>Raw reads pack the non-null values first; move them to their rows and fill the null rows.</summary>
    private static void SpreadNulls<T>(Span<T> values, ReadOnlySpan<int> levels, int defined, T whenNull)
    {
        if (levels.IndexOfAnyExcept(defined) < 0) return; // no null: the common case, one vectorized pass
        var dense = 0;
        foreach (var level in levels)
            if (level == defined) dense++;
        for (var row = values.Length - 1; row >= 0; row--)
            values[row] = levels[row] == defined ? values[--dense] : whenNull;
    }

    private static DataField Leaf(AlertSchema schema, string path, AlertValueType type)
    {
        if (!schema.TryFind(path, out var field) || field.ValueType != type || field.IsInsideList)
            throw new DatalakeException($"not a Fink alert file: column '{path}' ({AlertField.SparkName(type)}) is missing");
        return (DataField)field.ParquetField;
    }
}
