using FinkXmatch.Core.Kafka.Avro;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace FinkXmatch.Core.Results;

/// <summary>
/// Writes result rows (object?[] in the order of the result's Avro schema, the same rows the Kafka topic carries)
/// to one Parquet file, one row group per <see cref="WriteAsync"/> call. A file with no match still gets the
/// schema, so readers see the columns.
/// </summary>
public sealed class ResultParquetWriter : IAsyncDisposable
{
    private readonly AvroRecordSchema _schema;
    private readonly ParquetSchema _parquet;
    private readonly Stream _destination;
    private readonly bool _ownsStream;
    private bool _wroteAny;

    public ResultParquetWriter(AvroRecordSchema schema, Stream destination, bool ownsStream = true)
    {
        if (!destination.CanSeek) throw new ArgumentException("the destination must be seekable (Parquet appends row groups)", nameof(destination));
        _schema = schema;
        _parquet = ParquetSchemaFromAvro.Convert(schema);
        _destination = destination;
        _ownsStream = ownsStream;
    }

    public ParquetSchema ParquetSchema => _parquet;

    public long RowsWritten { get; private set; }

    public async Task WriteAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default)
    {
        if (rows.Count == 0) return;
        var dictionaries = new IDictionary<string, object?>[rows.Count];
        for (var i = 0; i < rows.Count; i++) dictionaries[i] = ResultRowDictionary.From(_schema, rows[i]);
        await WriteDictionariesAsync(dictionaries, cancellationToken).ConfigureAwait(false);
        RowsWritten += rows.Count;
    }

    private async Task WriteDictionariesAsync(IReadOnlyCollection<IDictionary<string, object?>> rows, CancellationToken cancellationToken)
    {
        var options = new ParquetOptions { Append = _wroteAny };
        await ParquetSerializer.SerializeUntypedAsync(rows, _parquet, _destination, options, null, cancellationToken).ConfigureAwait(false);
        _wroteAny = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_wroteAny)
        {
            // An empty result is still a valid file with the result's columns.
            await using var writer = await ParquetWriter.CreateAsync(_parquet, _destination).ConfigureAwait(false);
            _wroteAny = true;
        }
        await _destination.FlushAsync().ConfigureAwait(false);
        if (_ownsStream) await _destination.DisposeAsync().ConfigureAwait(false);
    }
}
