using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// The frame of a Parquet file: "PAR1", the data, the footer (Thrift), the footer's length (4 bytes, little-endian),
/// "PAR1". Shared by the footer reader and the writers that lay files out themselves.
/// </summary>
internal static class ParquetFileLayout
{
    public const int MagicLength = 4;

    public static ReadOnlySpan<byte> Magic => "PAR1"u8;

    /// <summary>The footer's bytes and where they start in the file.</summary>
    /// <exception cref="InvalidDataException">No magic at the end, or a footer length that does not fit the file.</exception>
    public static (byte[] Footer, long Start) ReadFooter(SafeFileHandle file)
    {
        var (start, size) = FooterLocation(file);
        var bytes = new byte[size];
        ReadFooterInto(file, start, bytes);
        return (bytes, start);
    }

    /// <summary>Where the footer starts in the file and its length.</summary>
    /// <exception cref="InvalidDataException">No magic at the end, or a footer length that does not fit the file.</exception>
    public static (long Start, int Length) FooterLocation(SafeFileHandle file)
    {
        var length = RandomAccess.GetLength(file);
        Span<byte> tail = stackalloc byte[8];
        if (length < 12 || RandomAccess.Read(file, tail, length - 8) != 8 || !tail[4..].SequenceEqual(Magic))
            throw new InvalidDataException("not a Parquet file (no PAR1 magic at its end)");
        var size = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (size <= 0 || size > length - 12) throw new InvalidDataException($"footer length {size} does not fit a file of {length} bytes");
        return (length - 8 - size, size);
    }

    /// <summary>Reads the footer found by <see cref="FooterLocation"/>, or its first bytes, into <paramref name="footer"/>.</summary>
    public static void ReadFooterInto(SafeFileHandle file, long start, Span<byte> footer)
    {
        if (RandomAccess.Read(file, footer, start) != footer.Length) throw new InvalidDataException("the footer could not be read whole");
    }

    /// <summary>Ends a file: the footer, its length and the closing magic.</summary>
    public static async Task WriteFooterAsync(Stream destination, ReadOnlyMemory<byte> footer, CancellationToken cancellationToken)
    {
        var tail = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(tail, footer.Length);
        Magic.CopyTo(tail.AsSpan(4));
        await destination.WriteAsync(footer, cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(tail, cancellationToken).ConfigureAwait(false);
    }
}
