using System.Buffers;
using System.Globalization;
using System.Text;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Streams a CSV or TSV catalog: a header line of column names, then one record per line. The separator (comma, tab,
/// semicolon, pipe or runs of whitespace) is detected once from the header and the first rows
/// (<see cref="CsvSeparatorDetector"/>). Quoted fields may hold separators, newlines and <c>""</c> escapes; spaces
/// around separators are trimmed (3HSP writes <c>' , '</c>); lines starting with <c>#</c> and blank lines are skipped
/// anywhere. Every column is <see cref="CatalogColumnType.String"/>.
/// </summary>
/// <remarks>
/// Text is decoded as UTF-8 (a leading BOM is skipped). A record holding bytes that are not UTF-8 (Latin-1 text, say)
/// or a NUL (binary data past the first bytes that <see cref="CatalogReaders"/> sniffs) is refused with its row and
/// column: silently replaced characters would end up in identifiers and results.
/// The reader decodes into one pooled char buffer and records each field as an offset/length into it, so
/// <see cref="Read"/> and <see cref="TryGetDouble"/> allocate nothing per row.
/// </remarks>
public sealed partial class CsvCatalogReader : ICatalogReader
{
    /// <summary>A record (row, header, or comment line) longer than this is refused rather than buffered.</summary>
    public const int MaxRecordChars = 16 * 1024 * 1024;

    private const int ByteBufferSize = 64 * 1024;
    private const int InitialCharBufferSize = 64 * 1024;
    private const int InitialFieldCapacity = 64;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    // Invalid bytes decode to a noncharacter that valid text does not hold, found per record by CheckText.
    private const char InvalidByte = '\uFFFF';
    private static readonly Encoding Utf8 = Encoding.GetEncoding("utf-8", EncoderFallback.ReplacementFallback, new DecoderReplacementFallback(InvalidByte.ToString()));
    private static readonly SearchValues<char> NotText = SearchValues.Create([InvalidByte, '\0']);
    private readonly Decoder _decoder = Utf8.GetDecoder();
    private readonly char _separator;
    private readonly SearchValues<char> _fieldStops;
    private readonly bool _whitespace;
    // Whitespace tables: columns whose values span three space-separated parts (a sexagesimal "12 34 56.7").
    private readonly bool[]? _spacedColumns;
    private readonly int _spacedCount;

    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(ByteBufferSize);
    private int _bytePos;
    private int _byteEnd;
    private bool _streamEnded;

    private char[] _chars = ArrayPool<char>.Shared.Rent(InitialCharBufferSize);
    private int _start;  // first char not yet consumed
    private int _end;    // end of decoded chars
    private bool _eof;   // stream drained and decoder flushed: _end is final

    private int[] _fieldStart = new int[InitialFieldCapacity];
    private int[] _fieldLength = new int[InitialFieldCapacity];
    private bool[] _fieldEscaped = new bool[InitialFieldCapacity];
    private int _columnCount;
    private bool _done;
    private bool _disposed;

    private CsvCatalogReader(Stream stream, string fileName, char? separator, CsvSeparator? preferred, bool leaveOpen)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        FileName = fileName;
        Fill();
        if (_end > 0 && _chars[0] == '\uFEFF') _start = 1;
        var layout = separator is { } given
            ? new CsvSeparatorDetector.Layout(CsvSeparators.Of(given))
            : CsvSeparatorDetector.Detect(_chars.AsSpan(_start, _end - _start), _eof, preferred, fileName);
        Separator = layout.Separator;
        _whitespace = layout.Separator == CsvSeparator.Whitespace;
        _spacedColumns = layout.SpacedColumns;
        _spacedCount = _spacedColumns?.Count(s => s) ?? 0;
        _separator = layout.Separator.Char();
        _fieldStops = _whitespace ? WhitespaceStops : SearchValues.Create($"{_separator}\r\n");
        Format = layout.Separator == CsvSeparator.Tab ? CatalogFormat.Tsv : CatalogFormat.Csv;
        Columns = ReadHeader();
    }

    private static readonly SearchValues<char> WhitespaceStops = SearchValues.Create(" \t\r\n");

    /// <summary>
    /// Opens a CSV/TSV stream and reads its header. <paramref name="separator"/> (',', '\t', ';' or '|') is taken as
    /// given; null means: detected from the header and the first rows, <paramref name="preferred"/> (the one the file's
    /// extension names) settling a tie. The reader owns the stream unless <paramref name="leaveOpen"/>.
    /// </summary>
    /// <exception cref="CatalogException">EmptyFile, MalformedFile, DuplicateColumn, TruncatedFile; WrongFormat for an ambiguous separator.</exception>
    public static CsvCatalogReader Open(Stream stream, string fileName, char? separator = null, bool leaveOpen = false,
        CsvSeparator? preferred = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        try
        {
            return new CsvCatalogReader(stream, fileName, separator, preferred, leaveOpen);
        }
        catch
        {
            if (!leaveOpen) stream.Dispose();
            throw;
        }
    }

    /// <summary>The separator in use, detected or given.</summary>
    public CsvSeparator Separator { get; }

    CsvSeparator? ICatalogReader.TextSeparator => Separator;

    public string FileName { get; }

    public CatalogFormat Format { get; }

    public IReadOnlyList<CatalogColumn> Columns { get; }

    public long Row { get; private set; }

    public bool Read()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_done) return false;
        while (true)
        {
            var outcome = SkipIgnorableLines();
            if (outcome == ParseOutcome.End)
            {
                _done = true;
                return false;
            }
            if (outcome == ParseOutcome.Record && Parse(_start, _columnCount, out var next) == ParseOutcome.Record)
            {
                CheckText(_start, next, Row + 1);
                _start = next;
                Row++;
                return true;
            }
            FillOrFail(Row + 1);
        }
    }

    public bool IsNull(int column) => _fieldLength[CheckColumn(column)] == 0;

    public string GetText(int column)
    {
        var span = FieldSpan(CheckColumn(column));
        return _fieldEscaped[column] ? span.ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : new string(span);
    }

    public bool TryGetDouble(int column, out double value)
    {
        var span = FieldSpan(CheckColumn(column));
        // A field with "" escapes holds a quote character: never a number.
        if (span.IsEmpty || _fieldEscaped[column])
        {
            value = 0;
            return false;
        }
        return CsvNumber.TryParse(span, out value);
    }

    public bool TryGetInt64(int column, out long value)
    {
        var span = FieldSpan(CheckColumn(column));
        if (span.IsEmpty || _fieldEscaped[column])
        {
            value = 0;
            return false;
        }
        return long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        ArrayPool<byte>.Shared.Return(_bytes);
        ArrayPool<char>.Shared.Return(_chars);
        _bytes = [];
        _chars = [];
        if (!_leaveOpen) _stream.Dispose();
    }

    private ReadOnlySpan<char> FieldSpan(int column) => _chars.AsSpan(_fieldStart[column], _fieldLength[column]);

    private int CheckColumn(int column)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)column >= (uint)_columnCount) throw new ArgumentOutOfRangeException(nameof(column));
        return column;
    }

    private IReadOnlyList<CatalogColumn> ReadHeader()
    {
        while (true)
        {
            var outcome = SkipIgnorableLines();
            if (outcome == ParseOutcome.End)
                throw new CatalogException(CatalogErrorKind.EmptyFile, FileName, "the file has no header line (it is empty or holds only comments)");
            if (outcome == ParseOutcome.Record && Parse(_start, expectedFields: -1, out var next) == ParseOutcome.Record)
            {
                CheckText(_start, next, row: null);
                var columns = new CatalogColumn[_columnCount];
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < columns.Length; i++)
                {
                    var name = GetText(i).Trim();
                    if (name.Length == 0)
                        throw new CatalogException(CatalogErrorKind.MalformedFile, FileName, $"column {i + 1} of the header has no name");
                    if (!seen.Add(name))
                        throw new CatalogException(CatalogErrorKind.DuplicateColumn, FileName, $"the header names column '{name}' twice", column: name);
                    columns[i] = new CatalogColumn(name, CatalogColumnType.String);
                }
                _start = next;
                return columns;
            }
            FillOrFail(row: null);
        }
    }

    /// <summary>Refuses a record (chars [start, end)) holding bytes that were not UTF-8, or a NUL, naming its column.</summary>
    private void CheckText(int start, int end, long? row)
    {
        var at = _chars.AsSpan(start, end - start).IndexOfAny(NotText);
        if (at < 0) return;
        at += start;
        string? column = null;
        for (var i = 0; i < _columnCount; i++)
        {
            if (at < _fieldStart[i] || at >= _fieldStart[i] + _fieldLength[i]) continue;
            column = row is null || i >= Columns.Count ? $"{i + 1}" : Columns[i].Name;
            break;
        }
        var where = row is null ? "the header" : "this row";
        var detail = _chars[at] == '\0'
            ? $"{where} holds a NUL byte: this is binary data, not CSV/TSV text"
            : $"{where} holds bytes that are not UTF-8 text (Latin-1 or another legacy encoding?): save the file as UTF-8";
        throw new CatalogException(_chars[at] == '\0' ? CatalogErrorKind.WrongFormat : CatalogErrorKind.MalformedFile, FileName, detail, row, column);
    }

    public override string ToString() => $"{FileName} ({Format}, row {Row})";
}
