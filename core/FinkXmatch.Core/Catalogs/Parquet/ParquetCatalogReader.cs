using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Streams a Parquet catalog one row group at a time through Parquet.Net. Exposed columns are the leaves that
/// hold one value per row: top-level columns, and fields of (nested) structs named with dots (<c>candidate.ra</c>).
/// Lists and maps, and the rare value types a catalog cannot hold, are left out.
/// </summary>
/// <remarks>
/// The footer and row group sizes are checked against the file length, and every page header against its column
/// chunk, before anything is allocated for them (<see cref="ParquetFileCheck"/>, <see cref="ParquetPageCheck"/>). Parquet.Net is asynchronous; this synchronous cursor blocks on it, which is
/// safe here because nothing in the library needs a synchronization context.
/// </remarks>
public sealed class ParquetCatalogReader : ICatalogReader
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ParquetReader _parquet;
    private readonly ParquetColumnBuffer[] _buffers;
    private readonly bool[] _loaded;      // per column: decoded for the current row group
    private ParquetRowGroupReader? _rowGroup;
    private int _group = -1;
    private long _groupFirstRow;
    private int _groupRows;
    private int _rowInGroup;
    private bool _disposed;

    private ParquetCatalogReader(Stream stream, string fileName, bool leaveOpen, ParquetReader parquet, ParquetColumnBuffer[] buffers)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _parquet = parquet;
        _buffers = buffers;
        _loaded = new bool[buffers.Length];
        FileName = fileName;
        Columns = Array.ConvertAll(buffers, b => b.Column);
        TotalRows = parquet.Metadata?.NumRows ?? 0;
    }

    /// <summary>Opens a Parquet stream (readable and seekable) and reads its footer. The reader owns the stream unless <paramref name="leaveOpen"/>.</summary>
    /// <exception cref="CatalogException">WrongFormat, TruncatedFile, MalformedFile, DuplicateColumn.</exception>
    public static ParquetCatalogReader Open(Stream stream, string fileName, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        if (!stream.CanRead || !stream.CanSeek) throw new ArgumentException("a Parquet stream must be readable and seekable", nameof(stream));
        ParquetReader? parquet = null;
        try
        {
            ParquetFileCheck.CheckEnvelope(stream, fileName);
            parquet = Block(() => ParquetReader.CreateAsync(stream, new ParquetOptions(), leaveStreamOpen: true), fileName, "its footer");
            var opened = parquet;
            var schema = Block(() => Task.FromResult(opened.Schema), fileName, "its schema"); // decoded lazily: may throw
            var buffers = ExposedColumns(schema, fileName);
            var meta = parquet.Metadata ?? throw new CatalogException(CatalogErrorKind.MalformedFile, fileName, "the Parquet footer has no metadata");
            ParquetFileCheck.CheckMetadata(meta, stream.Length, buffers.Length, fileName);
            ParquetPageCheck.Check(stream, meta, fileName);
            stream.Position = 0;
            return new ParquetCatalogReader(stream, fileName, leaveOpen, parquet, buffers);
        }
        catch
        {
            parquet?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            if (!leaveOpen) stream.Dispose();
            throw;
        }
    }

    /// <summary>The Parquet reader under <paramref name="reader"/> (as <see cref="CatalogReaders"/> opens it, guarded), or null for another format.</summary>
    internal static ParquetCatalogReader? Of(ICatalogReader reader) => (reader is GuardedCatalogReader guarded ? guarded.Inner : reader) as ParquetCatalogReader;

    public string FileName { get; }

    public CatalogFormat Format => CatalogFormat.Parquet;

    public IReadOnlyList<CatalogColumn> Columns { get; }

    /// <summary>The row count the footer declares (checked against the row groups when opening).</summary>
    public long TotalRows { get; }

    public long Row { get; private set; }

    /// <summary>The file's handle when the stream is a file (for reads straight from its pages), else null.</summary>
    internal Microsoft.Win32.SafeHandles.SafeFileHandle? FileHandle => _disposed ? null : ((_stream as FaultTrackingStream)?.Inner ?? _stream) is FileStream file ? file.SafeFileHandle : null;

    /// <summary>The Parquet field of column <paramref name="column"/>.</summary>
    internal DataField Field(int column) => _buffers[column].Field;

    public bool Read()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (_rowInGroup + 1 >= _groupRows)
        {
            if (_group + 1 >= _parquet.RowGroupCount) return false;
            LoadRowGroup(++_group);
        }
        _rowInGroup++;
        Row++;
        return true;
    }

    /// <summary>
    /// Goes on to the end of the table a row group at a time, as <see cref="Read"/> row after row would, without a call
    /// per row: each row group is opened in turn (what a bad one throws is thrown here, at its first row), and the
    /// walk stops at the first row past <paramref name="maxRows"/>, <see cref="Row"/> then being that row's number.
    /// False when it stopped there; true at the end, with <see cref="Row"/> the table's rows. No row is current after.
    /// </summary>
    internal bool SkipToEnd(long maxRows)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Row += Math.Max(0, _groupRows - 1 - _rowInGroup);   // the rest of the current group
        _rowInGroup = _groupRows;
        while (Row <= maxRows && _group + 1 < _parquet.RowGroupCount)
        {
            LoadRowGroup(++_group);
            Row += _groupRows;
            _rowInGroup = _groupRows;
        }
        if (Row <= maxRows) return true;
        Row = maxRows + 1;
        return false;
    }

    public bool IsNull(int column) => Buffer(column).IsNull(_rowInGroup);

    public string GetText(int column) => Buffer(column).GetText(_rowInGroup);

    public bool TryGetDouble(int column, out double value) => Buffer(column).TryGetDouble(_rowInGroup, out value);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var b in _buffers) b.Release();
        _rowGroup?.Dispose();
        _parquet.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (!_leaveOpen) _stream.Dispose();
    }

    private ParquetColumnBuffer Buffer(int column)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)column >= (uint)_buffers.Length) throw new ArgumentOutOfRangeException(nameof(column));
        if (_group < 0 || _rowInGroup >= _groupRows) throw new InvalidOperationException("no current row: call Read() first");
        if (!_loaded[column]) Load(column);
        return _buffers[column];
    }

    // A row group's columns are decoded when first asked for: counting rows (inspection) decodes none past the
    // preview, loading for matching only the RA, Dec and identifier columns.
    private void LoadRowGroup(int group)
    {
        _groupRows = 0;
        _rowInGroup = -1;
        _rowGroup?.Dispose();
        _rowGroup = null;
        Array.Clear(_loaded);
        _groupFirstRow = Row + 1;
        _rowGroup = Block(() => Task.FromResult(_parquet.OpenRowGroupReader(group)), FileName, $"row group {group + 1}", _groupFirstRow);
        _groupRows = checked((int)_rowGroup.RowCount);
    }

    private void Load(int column)
    {
        var buffer = _buffers[column];
        var rowGroup = _rowGroup!;
        Block(async () => { await buffer.LoadAsync(rowGroup, _groupRows); return true; }, FileName,
            $"column '{buffer.Column.Name}' of row group {_group + 1}", _groupFirstRow);
        _loaded[column] = true;
    }

    private static ParquetColumnBuffer[] ExposedColumns(ParquetSchema schema, string fileName)
    {
        var buffers = new List<ParquetColumnBuffer>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in schema.GetDataFields())
        {
            if (field.MaxRepetitionLevel > 0) continue; // inside a list or map: several values per row
            var name = string.Join('.', field.Path.ToList());
            if (ParquetColumnBuffer.For(field, name) is not { } buffer) continue;
            if (!names.Add(name))
                throw new CatalogException(CatalogErrorKind.DuplicateColumn, fileName, $"the Parquet schema names column '{name}' twice", column: name);
            buffers.Add(buffer);
        }
        return [.. buffers];
    }

    /// <summary>Runs a Parquet.Net call to completion, turning whatever it throws on bad bytes into a CatalogException.</summary>
    private static T Block<T>(Func<Task<T>> call, string fileName, string what, long? row = null)
    {
        try
        {
            return call().GetAwaiter().GetResult();
        }
        catch (CatalogException)
        {
            throw;
        }
        catch (EndOfStreamException e)
        {
            throw new CatalogException(CatalogErrorKind.TruncatedFile, fileName, $"the Parquet file ends inside {what}", row, inner: e);
        }
        catch (Exception e)
        {
            throw new CatalogException(CatalogErrorKind.MalformedFile, fileName, $"{what} cannot be read: {e.Message}", row, inner: e);
        }
    }
}
