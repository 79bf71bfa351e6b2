using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// The bytes of a Parquet file's schema as its footer stores them (parquet.thrift <c>FileMetaData.schema</c>): two files
/// with the same bytes have the same schema, so a job over many files reads each distinct schema once. Only the start of
/// the footer is read (the schema comes before the row groups' metadata, which grows with the row groups), into a
/// buffer shared by the calls (a fresh 64 kB array per file was 16 page faults each: 192 a night of 12 files).
/// </summary>
internal static class ParquetSchemaBytes
{
    // The 182-column alert schema takes ~6 kB; the rest of the footer is per row group and column.
    private const int FirstRead = 64 << 10;

    /// <exception cref="InvalidDataException">Not a Parquet file, or a footer without a schema.</exception>
    public static byte[] Read(SafeFileHandle file)
    {
        var (start, size) = ParquetFileLayout.FooterLocation(file);
        var head = ArrayPool<byte>.Shared.Rent(FirstRead);
        try
        {
            var footer = head.AsSpan(0, Math.Min(size, FirstRead));
            ParquetFileLayout.ReadFooterInto(file, start, footer);
            return footer.Length < size ? FindInHead(file, start, size, footer) : FindInWhole(footer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    private static byte[] FindInHead(SafeFileHandle file, long start, int size, ReadOnlySpan<byte> head)
    {
        try
        {
            return Find(head);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidDataException or OverflowException)
        {
            // A schema longer than the first read: read the footer whole.
            return ReadWhole(file, start, size);
        }
    }

    private static byte[] ReadWhole(SafeFileHandle file, long start, int size)
    {
        var footer = new byte[size];
        ParquetFileLayout.ReadFooterInto(file, start, footer);
        return FindInWhole(footer);
    }

    private static byte[] FindInWhole(ReadOnlySpan<byte> footer)
    {
        try
        {
            return Find(footer);
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
