namespace FinkXmatch.Core.ParquetFormat;

/// <summary>The fields of a Parquet page header that a flat-column read needs (parquet.thrift <c>PageHeader</c>).</summary>
internal struct PageHeader
{
    public const int DataPage = 0, DictionaryPage = 2, DataPageV2 = 3;

    public int Type;
    public int UncompressedSize;
    public int CompressedSize;
    public int NumValues;
    public int Encoding;
    public int DefinitionLevelsLength;   // v2 only
    public int RepetitionLevelsLength;   // v2 only
    public bool IsCompressed;            // v2 only (default true)
    public bool HasSizes;                // false for bytes that declare no page size (zeros, a forged header)

    /// <summary>Parses a Thrift compact-protocol page header at the start of <paramref name="data"/>; returns its length.</summary>
    public static int Read(ReadOnlySpan<byte> data, out PageHeader header)
    {
        header = new PageHeader { IsCompressed = true };
        var r = new ThriftCompactReader(data);
        short field = 0;
        while (r.NextField(ref field, out var type))
        {
            switch (field)
            {
                case 1: header.Type = r.ReadI32(); break;
                case 2: header.UncompressedSize = r.ReadI32(); header.HasSizes = true; break;
                case 3: header.CompressedSize = r.ReadI32(); header.HasSizes = true; break;
                case 5 or 7: ReadDataOrDictionaryPage(ref r, ref header); break;
                case 8: ReadDataPageV2(ref r, ref header); break;
                default: r.Skip(type); break;
            }
        }
        return r.Position;
    }

    /// <summary>
    /// Parses like <see cref="Read"/>, for bytes not yet trusted: false when they end before the header does, are not
    /// Thrift compact protocol, or declare no page size.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out PageHeader header, out int length)
    {
        try
        {
            length = Read(data, out header);
            return header.HasSizes;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or InvalidDataException or OverflowException or ArgumentOutOfRangeException)
        {
            (header, length) = (default, 0);
            return false;
        }
    }

    // DataPageHeader and DictionaryPageHeader both start with num_values (1) and encoding (2).
    private static void ReadDataOrDictionaryPage(ref ThriftCompactReader r, ref PageHeader h)
    {
        short field = 0;
        while (r.NextField(ref field, out var type))
        {
            if (field == 1) h.NumValues = r.ReadI32();
            else if (field == 2) h.Encoding = r.ReadI32();
            else r.Skip(type);
        }
    }

    private static void ReadDataPageV2(ref ThriftCompactReader r, ref PageHeader h)
    {
        short field = 0;
        while (r.NextField(ref field, out var type))
        {
            switch (field)
            {
                case 1: h.NumValues = r.ReadI32(); break;
                case 4: h.Encoding = r.ReadI32(); break;
                case 5: h.DefinitionLevelsLength = r.ReadI32(); break;
                case 6: h.RepetitionLevelsLength = r.ReadI32(); break;
                case 7: h.IsCompressed = type == ThriftCompactReader.BooleanTrue; break;
                default: r.Skip(type); break;
            }
        }
    }
}
