using FinkXmatch.Core.Datalake.Raw;
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
    private readonly RawColumnSource? _raw;
    private readonly DataField _ra;
    private readonly DataField _dec;
    private readonly DataField _candid;
    private readonly DataField _objectId;

    private AlertFile(string path, ParquetReader reader, AlertSchema schema, RawColumnSource? raw)
    {
        Path = path;
        _reader = reader;
        _raw = raw;
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
        catch (Exception e) when (e is IOException or ParquetException or UnauthorizedAccessException)
        {
            throw new DatalakeException($"cannot open datalake file '{path}': {e.Message}", e);
        }
        RawColumnSource? raw = null;
        try
        {
            // A second handle for positional reads of flat column chunks (see RawColumnSource); Parquet.Net keeps its stream.
            raw = new RawColumnSource(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read));
            return new AlertFile(path, reader, AlertSchema.FromParquet(reader.Schema), raw);
        }
        catch
        {
            raw?.Dispose();
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Reads <c>candidate.ra</c>, <c>candidate.dec</c> (and the <paramref name="columns"/> extras) of one row group
    /// into <paramref name="batch"/>, reusing its buffers. No other column is read.
    /// </summary>
    public async ValueTask ReadPositionsAsync(int rowGroup, PositionBatch batch, ScanColumns columns = ScanColumns.Positions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var group = _reader.RowGroups[rowGroup];
        var rows = RowGroupRows[rowGroup];
        batch.Reset(Path, rowGroup, rows, columns);
        if (_raw is null || !_raw.TryReadDoubles(group, _ra, batch.RaBuffer.AsSpan(0, rows), double.NaN))
            await ReadFlatAsync(group, _ra, batch.RaBuffer, batch.Levels, rows, double.NaN, cancellationToken).ConfigureAwait(false);
        if (_raw is null || !_raw.TryReadDoubles(group, _dec, batch.DecBuffer.AsSpan(0, rows), double.NaN))
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
    public Task<MaterializedRows> ReadRowsAsync(int rowGroup, IReadOnlyList<int> rows, IReadOnlyList<AlertField> fields,
        CancellationToken cancellationToken = default) =>
        RowMaterializer.ReadAsync(_reader.RowGroups[rowGroup], RowGroupRows[rowGroup], rows, fields, cancellationToken, _raw);

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _raw?.Dispose();
        return _reader.DisposeAsync();
    }

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
