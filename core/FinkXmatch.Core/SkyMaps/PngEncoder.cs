using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace FinkXmatch.Core.SkyMaps;

/// <summary>
/// Minimal PNG writer: 8-bit RGB, one IDAT chunk compressed with zlib (ZLibStream), every scanline with the
/// "Sub" filter (flat map areas become runs of zeros), chunk CRCs per ISO 3309.
/// </summary>
public static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes <paramref name="rgb"/> (3 bytes per pixel, rows top to bottom) as a PNG file.</summary>
    public static byte[] EncodeRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int stride = width * 3;
        if (rgb.Length != (long)stride * height)
            throw new ArgumentException($"expected {(long)stride * height} bytes for {width}x{height} RGB", nameof(rgb));

        using var file = new MemoryStream();
        file.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour
        // compression 0, filter method 0, no interlace
        WriteChunk(file, "IHDR", header);
        WriteChunk(file, "IDAT", Compress(rgb, stride, height));
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    private static byte[] Compress(ReadOnlySpan<byte> rgb, int stride, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var line = new byte[stride + 1];
            line[0] = 1; // filter type Sub: each byte minus the same channel of the pixel to its left
            for (int y = 0; y < height; y++)
            {
                var row = rgb.Slice(y * stride, stride);
                for (int i = 0; i < stride; i++)
                    line[i + 1] = (byte)(row[i] - (i >= 3 ? row[i - 3] : 0));
                zlib.Write(line);
            }
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream file, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        file.Write(typeBytes);
        file.Write(data);
        // PNG's chunk CRC is ISO 3309 CRC-32 over the type and the data, stored big-endian.
        var crc = new Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        file.Write(word);
    }
}
