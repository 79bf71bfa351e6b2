using FinkXmatch.Core.Binary;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>Parquet's RLE / bit-packing hybrid (definition levels, dictionary indices), decoded into ints.</summary>
internal static class RleHybridDecoder
{
    /// <summary>Decodes <paramref name="output"/>.Length values of <paramref name="bitWidth"/> bits; returns the bytes used.</summary>
    public static int Decode(ReadOnlySpan<byte> data, int bitWidth, Span<int> output)
    {
        var pos = 0;
        var n = 0;
        var byteWidth = (bitWidth + 7) / 8;
        var mask = bitWidth == 32 ? -1 : (1 << bitWidth) - 1;
        while (n < output.Length)
        {
            var header = Varint.Read(data, ref pos);
            if ((header & 1) == 0)
            {
                // RLE run: one value repeated.
                var count = (int)(header >> 1);
                var value = 0;
                for (var b = 0; b < byteWidth; b++) value |= data[pos++] << (8 * b);
                output.Slice(n, Math.Min(count, output.Length - n)).Fill(value);
                n += count;
            }
            else
            {
                // Bit-packed groups of 8 values, least significant bit first.
                var values = (int)(header >> 1) * 8;
                var bytes = (int)(header >> 1) * bitWidth;
                var take = Math.Min(values, output.Length - n);
                if (bitWidth == 0) output.Slice(n, take).Clear();
                else
                {
                    var run = data.Slice(pos, Math.Min(bytes, data.Length - pos));
                    for (var i = 0; i < take; i++)
                    {
                        var bit = i * bitWidth;
                        var word = 0L;
                        var first = bit >> 3;
                        for (var b = 0; b < 5 && first + b < run.Length; b++) word |= (long)run[first + b] << (8 * b);
                        output[n + i] = (int)(word >> (bit & 7)) & mask;
                    }
                }
                pos += bytes;
                n += values;
            }
        }
        return pos;
    }
}
