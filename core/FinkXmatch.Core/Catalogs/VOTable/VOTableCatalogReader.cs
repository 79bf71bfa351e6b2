using System.Xml;

namespace FinkXmatch.Core.Catalogs.VOTable;

/// <summary>
/// Streams the rows of the first TABLE of a VOTable (IVOA VOTable 1.4) serialised as TABLEDATA, BINARY or
/// BINARY2. The XML is read forward-only with DTDs prohibited and no resolver (no external entities); base64
/// STREAMs are decoded chunk by chunk, so neither the document nor the decoded table is held in memory.
/// Empty strings, VALUES null and NaN floats count as nulls. The reader owns the stream once opened.
/// </summary>
public sealed class VOTableCatalogReader : ICatalogReader
{
    private readonly Stream _stream;
    private readonly XmlReader _xml;
    private readonly VOTableRows _rows;
    private long _row;
    private bool _ended;

    private VOTableCatalogReader(string fileName, Stream stream, XmlReader xml, VOTableField[] fields, VOTableRows rows)
    {
        FileName = fileName;
        _stream = stream;
        _xml = xml;
        _rows = rows;
        Columns = [.. fields.Select(f => new CatalogColumn(f.Name, f.Type))];
    }

    /// <summary>
    /// Reads the document up to the first TABLE's data. Throws <see cref="CatalogException"/> when the stream is
    /// not a VOTable, has no TABLE, a bad FIELD or an unsupported serialisation; the stream is then left to the caller.
    /// </summary>
    public static VOTableCatalogReader Open(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var counted = new ReadCountingStream(stream);
        var xml = XmlReader.Create(counted, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            // The stream is closed by Dispose on success and left to the caller on failure.
            CloseInput = false,
        });
        try
        {
            try
            {
                xml.MoveToContent();
            }
            catch (Exception e) when (IsReadFailure(e))
            {
                throw counted.BytesRead == 0
                    ? new CatalogException(CatalogErrorKind.EmptyFile, fileName, "the file is empty")
                    : new CatalogException(CatalogErrorKind.WrongFormat, fileName, $"not a VOTable: {e.Message}", inner: e);
            }
            var (fields, serialization) = VOTableHeader.Read(xml, fileName);
            VOTableRows rows = serialization switch
            {
                VOTableSerialization.TableData => new VOTableTextRows(xml, fields, fileName),
                // Unbuffered on purpose: a read past the end of a cut document then fails in the row it belongs to.
                VOTableSerialization.Binary or VOTableSerialization.Binary2 => new VOTableBinaryRows(
                    new XmlBase64Stream(xml), fields, fileName,
                    hasNullMask: serialization == VOTableSerialization.Binary2),
                _ => new NoVOTableRows(),
            };
            return new VOTableCatalogReader(fileName, stream, xml, fields, rows);
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            xml.Dispose();
            throw Wrap(e, fileName, row: null);
        }
        catch (CatalogException)
        {
            xml.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public string FileName { get; }

    /// <inheritdoc/>
    public CatalogFormat Format => CatalogFormat.VOTable;

    /// <inheritdoc/>
    public IReadOnlyList<CatalogColumn> Columns { get; }

    /// <inheritdoc/>
    public long Row => _row;

    /// <inheritdoc/>
    public bool Read()
    {
        if (_ended) return false;
        try
        {
            if (_rows.MoveNext(_row + 1))
            {
                _row++;
                return true;
            }
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            throw Wrap(e, FileName, _row + 1);
        }
        _ended = true;
        return false;
    }

    /// <inheritdoc/>
    public bool IsNull(int column) => Current()._rows.IsNull(column);

    /// <inheritdoc/>
    public string GetText(int column) => Current()._rows.GetText(column);

    /// <inheritdoc/>
    public bool TryGetDouble(int column, out double value) => Current()._rows.TryGetDouble(column, out value);

    /// <inheritdoc/>
    public void Dispose()
    {
        _xml.Dispose();
        _stream.Dispose();
    }

    private VOTableCatalogReader Current()
    {
        if (_row == 0 || _ended) throw new InvalidOperationException("no current row: call Read() first");
        return this;
    }

    /// <summary>Exceptions the XML stack raises on bad bytes; anything else is a bug and is not disguised.</summary>
    private static bool IsReadFailure(Exception e) =>
        e is XmlException or FormatException or IOException or InvalidOperationException or NotSupportedException
            or ArgumentException;

    private static CatalogException Wrap(Exception e, string fileName, long? row)
    {
        // XmlReader reports a document cut short as "Unexpected end of file ..."; there is no error code.
        var truncated = e is XmlException && e.Message.Contains("end of file", StringComparison.OrdinalIgnoreCase);
        if (truncated) return new CatalogException(CatalogErrorKind.TruncatedFile, fileName, $"the VOTable is truncated: {e.Message}", row, inner: e);
        // The base64 decoder quotes the whole stream back: say what is wrong instead.
        if (e.Message.Contains("valid Base64", StringComparison.OrdinalIgnoreCase))
            return new CatalogException(CatalogErrorKind.MalformedFile, fileName, "invalid VOTable: the binary STREAM is not valid base64", row, inner: e);
        var message = e.Message.Length > MaxQuotedMessage ? e.Message[..MaxQuotedMessage] + "..." : e.Message;
        return new CatalogException(CatalogErrorKind.MalformedFile, fileName, $"invalid VOTable: {message}", row, inner: e);
    }

    private const int MaxQuotedMessage = 300;
}
