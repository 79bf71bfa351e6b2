using Microsoft.Win32.SafeHandles;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// The bytes of a Parquet file's schema as its footer stores them (parquet.thrift <c>FileMetaData.schema</c>): two files
/// with the same bytes have the same schema, so a job over many files reads each distinct schema once. Only the start of
/// the footer is read (the schema comes before the row groups' metadata, which grows with the row groups).
/// </summary>
internal static class ParquetSchemaBytes
{
    // The 182-column alert schema takes ~6 kB; the rest of the footer is per row group and column.
    private const int FirstRead = 64 << 10;

    /// <exception cref="InvalidDataException">Not a Parquet file, or a footer without a schema.</exception>
    public static byte[] Read(SafeFileHandle file)
    {
        var (start, size) = ParquetFileLayout.FooterLocation(file);
        var head = new byte[Math.Min(size, FirstRead)];
        ParquetFileLayout.ReadFooterInto(file, start, head);
        if (head.Length < size)
        {
            try
            {
                return Find(head);
            }
            catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidDataException or OverflowException)
            {
                // A schema longer than the first read: read the footer whole.
            }
            head = new byte[size];
            ParquetFileLayout.ReadFooterInto(file, start, head);
        }
        try
        {
            return Find(head);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException("the footer's metadata does not parse", e);
        }
    }

    private static byte[] Find(ReadOnlySpan<byte> footer)
    {
        var r = new ThriftCompactReader(footer);
        short field = 0;
        while (r.NextField(ref field, out var type))
        {
            var at = r.Position;
            r.Skip(type);
            if (field == ParquetThrift.FileMetaData.Schema && type == ThriftCompactReader.List) return footer[at..r.Position].ToArray();
        }
        throw new InvalidDataException("the footer has no schema");
    }
}
