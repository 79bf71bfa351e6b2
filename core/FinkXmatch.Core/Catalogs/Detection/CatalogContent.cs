namespace FinkXmatch.Core.Catalogs;

/// <summary>What the first bytes of a file say it is, whatever its name claims.</summary>
internal enum CatalogContentKind
{
    Empty,
    Text,
    Parquet,
    Fits,
    VOTable,
    OtherXml,
    Gzip,
    Zip,
    Utf16Text,
    Binary,
}

/// <summary>Recognizes a catalog's content from its first bytes (magic numbers, XML root, NUL bytes).</summary>
internal static class CatalogContent
{
    /// <summary>How many leading bytes <see cref="Sniff"/> wants: enough to see past an XML prolog and comments.</summary>
    public const int HeadLength = 64 * 1024;

    public static CatalogContentKind Sniff(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty) return CatalogContentKind.Empty;
        if (head.StartsWith("PAR1"u8)) return CatalogContentKind.Parquet;
        if (head.StartsWith("SIMPLE  ="u8)) return CatalogContentKind.Fits;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B])) return CatalogContentKind.Gzip;
        if (head.StartsWith("PK\x03\x04"u8)) return CatalogContentKind.Zip;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return CatalogContentKind.Utf16Text;
        if (head.Contains((byte)0)) return CatalogContentKind.Binary;
        var text = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
        text = text.TrimStart(" \t\r\n"u8);
        if (text.StartsWith("<"u8))
            return text.IndexOf("VOTABLE"u8) >= 0 ? CatalogContentKind.VOTable : CatalogContentKind.OtherXml;
        return CatalogContentKind.Text;
    }

    /// <summary>How a person would name the content, for "x.csv looks like {this}".</summary>
    public static string Describe(CatalogContentKind kind) => kind switch
    {
        CatalogContentKind.Empty => "an empty file",
        CatalogContentKind.Text => "a text (CSV/TSV) file",
        CatalogContentKind.Parquet => "a Parquet file",
        CatalogContentKind.Fits => "a FITS file",
        CatalogContentKind.VOTable => "a VOTable (XML) file",
        CatalogContentKind.OtherXml => "an XML file without a VOTABLE element",
        CatalogContentKind.Gzip => "a gzip-compressed file",
        CatalogContentKind.Zip => "a zip archive",
        CatalogContentKind.Utf16Text => "UTF-16 text",
        _ => "binary data",
    };

    /// <summary>What to do about it: rename to the right extension, decompress, or re-save.</summary>
    public static string Advice(CatalogContentKind kind) => kind switch
    {
        CatalogContentKind.Text => "; rename it .csv (or .tsv)",
        CatalogContentKind.Parquet => "; rename it .parquet",
        CatalogContentKind.Fits => "; rename it .fits",
        CatalogContentKind.VOTable => "; rename it .vot",
        CatalogContentKind.Gzip or CatalogContentKind.Zip => "; decompress it and upload the catalog inside",
        CatalogContentKind.Utf16Text => "; save it as UTF-8",
        _ => "",
    };
}
