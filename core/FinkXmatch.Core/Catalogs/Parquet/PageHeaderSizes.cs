using FinkXmatch.Core.Datalake.Raw;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The sizes of one Parquet page header: its own length, the page's uncompressed and compressed sizes, and its value
/// count (data pages v1/v2, dictionary pages). Parsed by the datalake reader's <see cref="PageHeader"/>, which reads
/// Thrift compact protocol without allocating.
/// </summary>
internal readonly record struct PageHeaderSizes(int Length, long UncompressedSize, long CompressedSize, long Values, bool IsDictionary)
{
    /// <summary>False when <paramref name="bytes"/> ends before the header does or is not a page header.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out PageHeaderSizes header)
    {
        header = default;
        try
        {
            var length = PageHeader.Read(bytes, out var page);
            if (!page.HasSizes) return false;
            header = new PageHeaderSizes(length, page.UncompressedSize, page.CompressedSize, page.NumValues, page.Type == PageHeader.DictionaryPage);
            return true;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or InvalidDataException or OverflowException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
