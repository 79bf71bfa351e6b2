namespace FinkXmatch.Core.Catalogs.Fits;

/// <summary>
/// Streams the rows of the first BINTABLE extension of a FITS file (FITS 4.0 §7.3): the headers are read on
/// <see cref="Open"/>, then each <see cref="Read"/> reads exactly one NAXIS1-byte row through a buffer, so the
/// table is never held whole. Values are decoded on demand from the row bytes (big-endian, TNULL/TSCAL/TZERO
/// applied). Empty strings and NaN floats count as nulls. The reader owns the stream once opened.
/// </summary>
public sealed class FitsCatalogReader : ICatalogReader
{
    private readonly Stream _data;
    private readonly FitsTableLayout _layout;
    private readonly FitsColumn[] _columns;
    private readonly byte[] _row;
    private long _row0Based = -1;
    private bool _ended;

    private FitsCatalogReader(string fileName, Stream data, FitsHeader header, FitsTableLayout layout)
    {
        FileName = fileName;
        TableHeader = header;
        _data = data;
        _layout = layout;
        _columns = [.. layout.Columns];
        _row = new byte[layout.RowWidth];
        Columns = [.. _columns.Select(c => new CatalogColumn(c.Name, c.Type))];
    }

    /// <summary>
    /// Reads the FITS headers up to the first BINTABLE extension. Throws <see cref="CatalogException"/> when the
    /// stream is not FITS, has no binary table or a damaged header; the stream is then left to the caller.
    /// </summary>
    public static FitsCatalogReader Open(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            var block = new byte[FitsHeader.BlockSize];
            var header = FitsHeader.Read(stream, fileName, block, primary: true)!;
            if (header.GetString("SIMPLE") != "T") throw new CatalogException(CatalogErrorKind.WrongFormat, fileName,
                "not a standard FITS file (SIMPLE is not T)");
            SkipData(stream, fileName, header, primary: true);
            while (true)
            {
                header = FitsHeader.Read(stream, fileName, block, primary: false)
                    ?? throw new CatalogException(CatalogErrorKind.UnsupportedFormat, fileName,
                        "the FITS file has no BINTABLE extension: only binary tables can be read as catalogs");
                if (header.FirstKeyword != "XTENSION")
                    throw new CatalogException(CatalogErrorKind.MalformedFile, fileName,
                        "a FITS extension header does not start with XTENSION");
                if (header.GetString("XTENSION") == "BINTABLE") break;
                SkipData(stream, fileName, header, primary: false);
            }
            var layout = FitsTableLayout.Parse(header, fileName);
            CheckLength(stream, fileName, layout);
            // Small rows are read through a buffer rather than one stream call each.
            var data = layout.RowWidth < 1 << 15 ? new BufferedStream(stream, 1 << 16) : stream;
            return new FitsCatalogReader(fileName, data, header, layout);
        }
        catch (IOException e)
        {
            throw new CatalogException(CatalogErrorKind.MalformedFile, fileName, $"the file could not be read: {e.Message}", inner: e);
        }
    }

    /// <inheritdoc/>
    public string FileName { get; }

    /// <inheritdoc/>
    public CatalogFormat Format => CatalogFormat.Fits;

    /// <inheritdoc/>
    public IReadOnlyList<CatalogColumn> Columns { get; }

    /// <inheritdoc/>
    public long Row => _row0Based + 1;

    /// <summary>The BINTABLE extension's header, for tables whose keywords say what they hold (a FITS MOC's MOCORDER).</summary>
    internal FitsHeader TableHeader { get; }

    /// <summary>NAXIS2: the number of rows the header announces.</summary>
    public long RowCount => _layout.RowCount;

    /// <inheritdoc/>
    public bool Read()
    {
        if (_ended || _row0Based + 1 >= _layout.RowCount) { _ended = true; return false; }
        int got;
        try
        {
            got = _data.ReadAtLeast(_row, _row.Length, throwOnEndOfStream: false);
        }
        catch (IOException e)
        {
            throw new CatalogException(CatalogErrorKind.MalformedFile, FileName, $"the file could not be read: {e.Message}",
                _row0Based + 2, inner: e);
        }
        if (got < _row.Length) throw Truncated(FileName, _layout, _row0Based + 1);
        _row0Based++;
        return true;
    }

    /// <inheritdoc/>
    public bool IsNull(int column) => FitsCellDecoder.IsNull(Current(column), _row);

    /// <inheritdoc/>
    public string GetText(int column) => FitsCellDecoder.GetText(Current(column), _row);

    /// <inheritdoc/>
    public bool TryGetDouble(int column, out double value) => FitsCellDecoder.TryGetDouble(Current(column), _row, out value);

    /// <inheritdoc/>
    public void Dispose() => _data.Dispose();

    private FitsColumn Current(int column)
    {
        if (_row0Based < 0 || _ended)
            throw new InvalidOperationException("no current row: call Read() first");
        return _columns[column];
    }

    private static CatalogException Truncated(string fileName, FitsTableLayout layout, long completeRows) =>
        new(CatalogErrorKind.TruncatedFile, fileName,
            $"the table data stops after {completeRows} of {layout.RowCount} rows: the file is truncated",
            completeRows + 1);

    /// <summary>A seekable stream too short for NAXIS1 × NAXIS2 fails now, naming the first incomplete row.</summary>
    private static void CheckLength(Stream stream, string fileName, FitsTableLayout layout)
    {
        if (!stream.CanSeek || layout.RowWidth == 0) return;
        var available = stream.Length - stream.Position;
        if (available / layout.RowWidth < layout.RowCount)
            throw Truncated(fileName, layout, Math.Max(0, available) / layout.RowWidth);
        var afterTable = available - layout.RowWidth * layout.RowCount;
        if (layout.HeapBytes > afterTable)
        {
            throw new CatalogException(CatalogErrorKind.TruncatedFile, fileName,
                $"PCOUNT = {layout.HeapBytes} declares a heap of that many bytes after the table, but the file holds only {afterTable} more: it is truncated or PCOUNT is wrong");
        }
    }

    /// <summary>Skips the data of a non-BINTABLE HDU: |BITPIX|/8 × GCOUNT × (PCOUNT + ΠNAXISn), padded to blocks.</summary>
    private static void SkipData(Stream stream, string fileName, FitsHeader header, bool primary)
    {
        CatalogException Bad(string detail) => new(CatalogErrorKind.MalformedFile, fileName, detail);
        var bitpix = header.GetInteger("BITPIX");
        if (bitpix is not (8 or 16 or 32 or 64 or -32 or -64)) throw Bad($"BITPIX = {bitpix} is not valid");
        var naxis = header.GetInteger("NAXIS");
        if (naxis is < 0 or > 999) throw Bad($"NAXIS = {naxis} is not valid");
        long bytes;
        try
        {
            checked
            {
                long product = naxis == 0 ? 0 : 1;
                // Random groups (primary, NAXIS1 = 0) leave NAXIS1 out of the product.
                var groups = primary && naxis > 0 && header.GetInteger("NAXIS1") == 0 && header.GetString("GROUPS") == "T";
                for (var i = groups ? 2 : 1; i <= naxis; i++)
                {
                    var n = header.GetInteger($"NAXIS{i}");
                    if (n < 0) throw Bad($"NAXIS{i} = {n} is negative");
                    product *= n;
                }
                var pcount = header.GetOptionalInteger("PCOUNT") ?? 0;
                var gcount = header.GetOptionalInteger("GCOUNT") ?? 1;
                if (pcount < 0 || gcount < 0) throw Bad("PCOUNT/GCOUNT must not be negative");
                if (naxis == 0) gcount = 0;
                bytes = Math.Abs(bitpix) / 8 * gcount * (pcount + product);
                bytes = (bytes + FitsHeader.BlockSize - 1) / FitsHeader.BlockSize * FitsHeader.BlockSize;
            }
        }
        catch (OverflowException)
        {
            throw Bad("the HDU data size announced by NAXISn is absurd");
        }
        Skip(stream, fileName, bytes);
    }

    private static void Skip(Stream stream, string fileName, long bytes)
    {
        if (stream.CanSeek)
        {
            if (stream.Length - stream.Position < bytes) throw SkipTruncated(fileName);
            stream.Seek(bytes, SeekOrigin.Current);
            return;
        }
        var buffer = new byte[FitsHeader.BlockSize];
        while (bytes > 0)
        {
            var got = stream.Read(buffer, 0, (int)Math.Min(bytes, buffer.Length));
            if (got == 0) throw SkipTruncated(fileName);
            bytes -= got;
        }
    }

    private static CatalogException SkipTruncated(string fileName) =>
        new(CatalogErrorKind.TruncatedFile, fileName, "the file ends inside the data of an HDU before any BINTABLE");
}
