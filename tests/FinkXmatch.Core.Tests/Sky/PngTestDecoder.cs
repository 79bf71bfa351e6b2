using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace FinkXmatch.Core.Tests.Sky;

/// <summary>
/// A strict PNG reader for the tests: checks the signature and every chunk CRC (bitwise CRC-32, not the
/// encoder's table), reads IHDR, inflates the IDAT stream and undoes all five scanline filters.
/// </summary>
internal sealed class PngTestDecoder
{
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required byte BitDepth { get; init; }
    public required byte ColourType { get; init; }
    public required List<string> Chunks { get; init; }
    public required byte[] Rgb { get; init; }

    public (byte R, byte G, byte B) Pixel(int x, int y)
    {
        int i = (y * Width + x) * 3;
        return (Rgb[i], Rgb[i + 1], Rgb[i + 2]);
    }

    public static PngTestDecoder Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        var chunks = new List<string>();
        var idat = new MemoryStream();
        int width = 0, height = 0;
        byte depth = 0, colourType = 0;
        for (int at = 8; at < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(BitwiseCrc(png.AsSpan(at + 4, 4 + length)), crc);
            chunks.Add(type);
            if (type == "IHDR")
            {
                Assert.Equal(13, length);
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                depth = data[8];
                colourType = data[9];
                Assert.Equal(0, data[10] | data[11] | data[12]); // deflate, adaptive filtering, no interlace
            }
            else if (type == "IDAT") idat.Write(data);
            at += 12 + length;
            if (type == "IEND") Assert.Equal(png.Length, at);
        }
        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        int stride = width * 3;
        Assert.Equal((long)height * (stride + 1), inflated.Length);
        return new PngTestDecoder
        {
            Width = width, Height = height, BitDepth = depth, ColourType = colourType, Chunks = chunks,
            Rgb = Unfilter(inflated.ToArray(), stride, height),
        };
    }

    private static byte[] Unfilter(byte[] raw, int stride, int height)
    {
        var rgb = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            byte filter = raw[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int x = raw[y * (stride + 1) + 1 + i];
                int a = i >= 3 ? rgb[y * stride + i - 3] : 0;
                int b = y > 0 ? rgb[(y - 1) * stride + i] : 0;
                int c = i >= 3 && y > 0 ? rgb[(y - 1) * stride + i - 3] : 0;
                rgb[y * stride + i] = (byte)(filter switch
                {
                    0 => x,
                    1 => x + a,
                    2 => x + b,
                    3 => x + (a + b) / 2,
                    4 => x + Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter type {filter}"),
                });
            }
        }
        return rgb;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static uint BitwiseCrc(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte value in bytes)
        {
            crc ^= value;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320 & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }
}
