using System.Buffers.Binary;
using System.Text;
using FinkXmatch.Core.Sky.Moc;
using FinkXmatch.Core.Storage;

namespace FinkXmatch.Core.Datalake.Occupancy;

/// <summary>
/// A night's occupancy on disk: the magic <c>FXOCC01\n</c>, the order and the stamp's length (int32 little-endian),
/// the stamp (UTF-8), then the bitmap's 64-bit words (little-endian), written whole or not at all (<see cref="CacheFile"/>).
/// </summary>
internal static class OccupancyFile
{
    private static readonly byte[] Magic = "FXOCC01\n"u8.ToArray();

    /// <summary>The coverage kept at <paramref name="path"/> for <paramref name="stamp"/>, or null when there is none, another stamp or a damaged file.</summary>
    public static SkyCoverage? TryRead(string path, string stamp)
    {
        if (CacheFile.TryRead(path) is not { } bytes) return null;
        var expectedStamp = Encoding.UTF8.GetBytes(stamp);
        var header = Magic.Length + 8;
        if (bytes.Length != header + expectedStamp.Length + NightOccupancy.Words * 8
            || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)
            || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length)) != NightOccupancy.Order
            || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length + 4)) != expectedStamp.Length
            || !bytes.AsSpan(header, expectedStamp.Length).SequenceEqual(expectedStamp))
            return null;
        var words = new ulong[NightOccupancy.Words];
        var data = bytes.AsSpan(header + expectedStamp.Length);
        for (var w = 0; w < words.Length; w++) words[w] = BinaryPrimitives.ReadUInt64LittleEndian(data[(8 * w)..]);
        return SkyCoverage.FromNestedBits(NightOccupancy.Order, words);
    }

    /// <summary>Keeps <paramref name="coverage"/> at <paramref name="path"/>; false when the directory cannot be written (the disk copy is only a cache).</summary>
    public static bool TryWrite(string path, string stamp, SkyCoverage coverage)
    {
        var stampBytes = Encoding.UTF8.GetBytes(stamp);
        var header = Magic.Length + 8;
        var bytes = new byte[header + stampBytes.Length + NightOccupancy.Words * 8];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Magic.Length), coverage.Order);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Magic.Length + 4), stampBytes.Length);
        stampBytes.CopyTo(bytes, header);
        var data = bytes.AsSpan(header + stampBytes.Length);
        var words = coverage.NestedBits;
        for (var w = 0; w < words.Length; w++) BinaryPrimitives.WriteUInt64LittleEndian(data[(8 * w)..], words[w]);

        return CacheFile.TryWrite(path, bytes);
    }
}
