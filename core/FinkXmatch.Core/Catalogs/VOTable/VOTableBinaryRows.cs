using System.Buffers.Binary;

namespace FinkXmatch.Core.Catalogs.VOTable;

/// <summary>
/// BINARY and BINARY2 rows (VOTable 1.4 §5.4-§5.5) read from the decoded STREAM: fixed-size values take their
/// declared bytes, variable-size ones ('*') a 4-byte big-endian count first; BINARY2 rows start with one null
/// bit per field, most significant bit first. Each row's bytes are copied into one reused buffer and decoded on
/// demand by <see cref="VOTableBinaryCell"/>.
/// </summary>
internal sealed class VOTableBinaryRows : VOTableRows
{
    /// <summary>A row larger than this is damage, not data; refused before allocating.</summary>
    private const int MaxRowBytes = 1 << 26;

    private const int Chunk = 1 << 16;

    private readonly Stream _stream;
    private readonly VOTableField[] _fields;
    private readonly string _fileName;
    private readonly bool _hasNullMask;
    private readonly int _maskBytes;
    private readonly int[] _offset;
    private readonly int[] _count;
    private byte[] _row = new byte[256];
    private int _used;
    private int _consumed;
    private bool _ended;

    public VOTableBinaryRows(Stream stream, VOTableField[] fields, string fileName, bool hasNullMask)
    {
        _stream = stream;
        _fields = fields;
        _fileName = fileName;
        _hasNullMask = hasNullMask;
        _maskBytes = hasNullMask ? (fields.Length + 7) / 8 : 0;
        _offset = new int[fields.Length];
        _count = new int[fields.Length];
    }

    public override bool MoveNext(long row)
    {
        if (_ended) return false;
        _used = 0;
        _consumed = 0;
        // The table may end only between rows: probe one byte before committing to a row.
        if (!ReadBytes(row, 1, allowEnd: true))
        {
            _ended = true;
            return false;
        }
        Take(row, _maskBytes);
        for (var i = 0; i < _fields.Length; i++)
        {
            var field = _fields[i];
            long count = field.FixedCount;
            if (field.IsVariable)
            {
                var declared = BinaryPrimitives.ReadUInt32BigEndian(_row.AsSpan(Take(row, 4), 4));
                if (declared > VOTableField.MaxElements)
                    throw new CatalogException(CatalogErrorKind.MalformedFile, _fileName,
                        $"a variable-length value declares {declared} elements", row, field.Name);
                count = declared;
            }
            _offset[i] = Take(row, field.ByteCount(count));
            _count[i] = (int)count;
        }
        return true;
    }

    /// <summary>Claims the next <paramref name="bytes"/> of the row, reading what the buffer lacks; returns their offset.</summary>
    private int Take(long row, long bytes)
    {
        var at = _consumed;
        var missing = at + bytes - _used;
        if (missing > 0) ReadBytes(row, missing, allowEnd: false);
        _consumed = (int)(at + bytes);
        return at;
    }

    /// <summary>Appends bytes from the stream to the row buffer, growing it only as data actually arrives.</summary>
    private bool ReadBytes(long row, long bytes, bool allowEnd)
    {
        if (_used + bytes > MaxRowBytes)
            throw new CatalogException(CatalogErrorKind.UnsupportedFormat, _fileName,
                $"a row is larger than {MaxRowBytes} bytes", row);
        var remaining = (int)bytes;
        while (remaining > 0)
        {
            var step = Math.Min(remaining, Chunk);
            if (_used + step > _row.Length) Array.Resize(ref _row, Math.Max(_row.Length * 2, _used + step));
            var got = _stream.ReadAtLeast(_row.AsSpan(_used, step), step, throwOnEndOfStream: false);
            _used += got;
            remaining -= got;
            if (got < step)
            {
                if (allowEnd && got == 0 && _used == 0) return false;
                throw new CatalogException(CatalogErrorKind.TruncatedFile, _fileName,
                    "the binary STREAM stops in the middle of a row: the file is truncated", row);
            }
        }
        return true;
    }

    private bool MaskedNull(int column) =>
        _hasNullMask && (_row[column >> 3] & (0x80 >> (column & 7))) != 0;

    private ReadOnlySpan<byte> Bytes(int column) =>
        _row.AsSpan(_offset[column], (int)_fields[column].ByteCount(_count[column]));

    public override bool IsNull(int column) =>
        MaskedNull(column) || VOTableBinaryCell.IsNull(_fields[column], Bytes(column), _count[column]);

    public override string GetText(int column) =>
        IsNull(column) ? "" : VOTableBinaryCell.GetText(_fields[column], Bytes(column), _count[column]);

    public override bool TryGetDouble(int column, out double value)
    {
        value = double.NaN;
        return !MaskedNull(column) && VOTableBinaryCell.TryGetDouble(_fields[column], Bytes(column), _count[column], out value);
    }
}
