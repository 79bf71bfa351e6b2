namespace FinkXmatch.Core.ParquetFormat;

/// <summary>The fields of a Parquet page header that a flat-column read needs (parquet.thrift <c>PageHeader</c>).</summary>
internal struct PageHeader
{
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
                case ParquetThrift.PageHeader.Type: header.Type = r.ReadI32(); break;
                case ParquetThrift.PageHeader.UncompressedPageSize: header.UncompressedSize = r.ReadI32(); header.HasSizes = true; break;
                case ParquetThrift.PageHeader.CompressedPageSize: header.CompressedSize = r.ReadI32(); header.HasSizes = true; break;
                case ParquetThrift.PageHeader.DataPageHeader or ParquetThrift.PageHeader.DictionaryPageHeader: ReadDataOrDictionaryPage(ref r, ref header); break;
                case ParquetThrift.PageHeader.DataPageHeaderV2: ReadDataPageV2(ref r, ref header); break;
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

    // DataPageHeader and DictionaryPageHeader both start with num_values and encoding, with the same ids.
    private static void ReadDataOrDictionaryPage(ref ThriftCompactReader r, ref PageHeader h)
    {
        short field = 0;
        while (r.NextField(ref field, out var type))
        {
            if (field == ParquetThrift.DataPageHeader.NumValues) h.NumValues = r.ReadI32();
            else if (field == ParquetThrift.DataPageHeader.Encoding) h.Encoding = r.ReadI32();
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
                case ParquetThrift.DataPageHeaderV2.NumValues: h.NumValues = r.ReadI32(); break;
                case ParquetThrift.DataPageHeaderV2.Encoding: h.Encoding = r.ReadI32(); break;
                case ParquetThrift.DataPageHeaderV2.DefinitionLevelsByteLength: h.DefinitionLevelsLength = r.ReadI32(); break;
                case ParquetThrift.DataPageHeaderV2.RepetitionLevelsByteLength: h.RepetitionLevelsLength = r.ReadI32(); break;
                case ParquetThrift.DataPageHeaderV2.IsCompressed: h.IsCompressed = type == ThriftCompactReader.BooleanTrue; break;
                default: r.Skip(type); break;
            }
        }
    }
}
