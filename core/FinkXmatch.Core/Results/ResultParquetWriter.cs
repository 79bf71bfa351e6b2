using FinkXmatch.Core.Avro;
using Parquet;
using Parquet.Schema;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Results;

/// <summary>
/// Writes result rows (object?[] in the order of the result's Avro schema, the same rows the Kafka topic carries)
/// to one Parquet file, in row groups of up to <c>rowsPerGroup</c> rows: rows are held until that many have come
/// (or the writer is disposed), since each row group costs Parquet.Net a footer rewrite and a serializer setup
/// (measured: ~3 ms per call, a fifth of a 10 M-alert benchmark scan when each night shard was its own row group).
/// Rows are kept by reference until written: callers must not reuse them. A <see cref="ResultBatch"/> is written
/// from its columns, without building its rows. A file with no match still gets the schema, so readers see the columns.
/// Flat results (every column a leaf: the default columns and any flat field choice) are written by
/// <see cref="FlatParquetFile"/>; nested ones by <see cref="NestedRowGroups"/>.
/// </summary>
public sealed class ResultParquetWriter : IAsyncDisposable
{
    private readonly AvroRecordSchema _schema;
    private readonly ParquetSchema _parquet;
    private readonly Stream _destination;
    private readonly bool _ownsStream;
    private readonly int _rowsPerGroup;
    private readonly PendingRows _pending = new();
    private readonly FlatParquetFile? _flat;     // every column a leaf: written column by column, directly
    private readonly PlainByteArrays _bytes = new();   // a text or binary column's values, gathered for its chunk
    private readonly bool _recycleBatches;
    private bool _wroteAny;

    public const int DefaultRowsPerGroup = 65_536;

    /// <param name="recycleBatches">
    /// True when nothing but this writer holds the <see cref="ResultBatch"/>es given to it (a job whose rows go to this
    /// file only): once a batch's rows are written, its lent arrays are handed back for the next batches
    /// (<see cref="ResultBatch.Recycle"/>), and the batch is not to be read again.
    /// </param>
    public ResultParquetWriter(AvroRecordSchema schema, Stream destination, bool ownsStream = true, int rowsPerGroup = DefaultRowsPerGroup,
        bool recycleBatches = false)
    {
        if (!destination.CanSeek) throw new ArgumentException("the destination must be seekable (Parquet appends row groups)", nameof(destination));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerGroup);
        _rowsPerGroup = rowsPerGroup;
        _schema = schema;
        _parquet = ParquetSchemaFromAvro.Convert(schema);
        _flat = FlatResultColumns.Leaves(_parquet) is { } leaves ? new FlatParquetFile(destination, leaves) : null;
        _destination = destination;
        _ownsStream = ownsStream;
        _recycleBatches = recycleBatches;
    }

    public ParquetSchema ParquetSchema => _parquet;

    /// <summary>Rows given to <see cref="WriteAsync"/> (all in the file once the writer is disposed).</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Adds rows; a row group is written each time <c>rowsPerGroup</c> rows are pending.</summary>
    public async Task WriteAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _pending.Add(rows);
        RowsWritten += rows.Count;
        while (_pending.Count >= _rowsPerGroup) await FlushAsync(_rowsPerGroup, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the pending rows now, as a row group of their own, and pushes them to the destination: a writer that
    /// must be stoppable between row groups (a night shard's scan, cancellable) calls it after each batch.
    /// </summary>
    public async Task EndRowGroupAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(_pending.Count, cancellationToken).ConfigureAwait(false);
        await _destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task FlushAsync(int count, CancellationToken cancellationToken)
    {
        if (count == 0) return;
        cancellationToken.ThrowIfCancellationRequested();
        var rows = _pending.Take(count);
        if (_flat is not null)
        {
            await _flat.WriteRowGroupAsync(count, (c, chunk) => FlatResultColumns.Encode(chunk, _flat.Fields[c], rows, c, count, _bytes), cancellationToken)
                .ConfigureAwait(false);
            _wroteAny = true;
            if (_recycleBatches)
                foreach (var range in rows)
                    if (range.Rows is ResultBatch batch && range.Start + range.Count == batch.Count) batch.Recycle();   // its last rows written
        }
        else
        {
            var list = new List<object?[]>(count);
            foreach (var range in rows)
                for (var i = 0; i < range.Count; i++) list.Add(range.Rows[range.Start + i]);
            await NestedRowGroups.WriteAsync(_schema, _parquet, list, _destination, _wroteAny, cancellationToken).ConfigureAwait(false);
            _wroteAny = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync(_pending.Count, CancellationToken.None).ConfigureAwait(false);
        if (_flat is not null) await _flat.FinishAsync(CancellationToken.None).ConfigureAwait(false);   // the footer, with or without rows
        else if (!_wroteAny)
        {
            // An empty result is still a valid file with the result's columns.
            await using var writer = await ParquetWriter.CreateAsync(_parquet, _destination).ConfigureAwait(false);
            _wroteAny = true;
        }
        await _destination.FlushAsync().ConfigureAwait(false);
        if (_ownsStream) await _destination.DisposeAsync().ConfigureAwait(false);
    }
}
