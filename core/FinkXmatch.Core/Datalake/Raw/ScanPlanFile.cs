using System.IO.Hashing;
using System.Text;
using FinkXmatch.Core.ParquetFormat;
using FinkXmatch.Core.Storage;

namespace FinkXmatch.Core.Datalake.Raw;

/// <summary>
/// A <see cref="ScanPlan"/> on disk: the magic <c>FXPLAN1\n</c>, the datalake file's full path, size and last write
/// time (what the plan is valid for), the survey, rows per row group, and each planned column's leaf and chunks; then
/// an XxHash64 of all that, so a damaged file is read as no file. Little-endian, strings as UTF-8 with their length.
/// </summary>
internal static class ScanPlanFile
{
    private static readonly byte[] Magic = "FXPLAN1\n"u8.ToArray();

    public static byte[] Bytes(string dataPath, ScanPlan plan)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(dataPath);
            w.Write(plan.Stamp.Length);
            w.Write(plan.Stamp.LastWriteUtc.Ticks);
            w.Write(plan.Survey.Name);
            w.Write(plan.RowGroupRows.Length);
            foreach (var rows in plan.RowGroupRows) w.Write(rows);
            w.Write(plan.Columns.Count);
            foreach (var (leaf, chunks) in plan.Columns)
            {
                w.Write(leaf.Path);
                w.Write((int)leaf.Type);
                w.Write(leaf.MaxDefinitionLevel);
                w.Write(leaf.MaxRepetitionLevel);
                foreach (var chunk in chunks)
                {
                    w.Write(chunk.HasValue);
                    if (chunk is not { } c) continue;
                    w.Write((int)c.Type);
                    w.Write((int)c.Codec);
                    w.Write(c.NumValues);
                    w.Write(c.TotalCompressedSize);
                    w.Write(c.TotalUncompressedSize);
                    w.Write(c.DataPageOffset);
                    w.Write(c.DictionaryPageOffset);
                }
            }
        }
        stream.Write(BitConverter.GetBytes(XxHash64.HashToUInt64(stream.GetBuffer().AsSpan(0, (int)stream.Length))));
        return stream.ToArray();
    }

    /// <summary>The plan in <paramref name="bytes"/> if it is whole and made for <paramref name="dataPath"/> as it is now (<paramref name="stamp"/>), else null.</summary>
    public static ScanPlan? TryParse(byte[] bytes, string dataPath, FileStamp stamp)
    {
        if (Open(bytes) is not { } opened) return null;
        using var r = opened;
        try
        {
            if (r.ReadString() != dataPath) return null;   // another path of the same hash
            if (new FileStamp(r.ReadInt64(), new DateTime(r.ReadInt64(), DateTimeKind.Utc)) != stamp) return null;
            if (!Survey.TryParse(r.ReadString(), out var survey)) return null;
            var rows = new int[r.ReadInt32()];
            for (var g = 0; g < rows.Length; g++) rows[g] = r.ReadInt32();
            var columns = new PlannedColumn[r.ReadInt32()];
            for (var c = 0; c < columns.Length; c++)
            {
                var leaf = new FooterLeaf(r.ReadString(), (Parquet.Meta.Type)r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
                var chunks = new ColumnChunkInfo?[rows.Length];
                for (var g = 0; g < rows.Length; g++)
                    if (r.ReadBoolean())
                        chunks[g] = new ColumnChunkInfo((Parquet.Meta.Type)r.ReadInt32(), (Parquet.Meta.CompressionCodec)r.ReadInt32(),
                            r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64());
                columns[c] = new PlannedColumn(leaf, chunks);
            }
            return new ScanPlan(survey, stamp, rows, columns);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or OverflowException)
        {
            return null;   // a file of another layout that happens to hash right: only a cache
        }
    }

    /// <summary>
    /// The full path of the datalake file the plan kept at <paramref name="path"/> was made for; null when the file is
    /// gone, damaged or of another layout (nothing worth keeping either way).
    /// </summary>
    public static string? TryReadDataPath(string path)
    {
        if (CacheFile.TryRead(path) is not { } bytes || Open(bytes) is not { } r) return null;
        try
        {
            using (r) return r.ReadString();
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A reader of the plan's fields after the magic, or null when the bytes are not a whole plan file.</summary>
    private static BinaryReader? Open(byte[] bytes)
    {
        if (bytes.Length < Magic.Length + 8 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return null;
        var body = bytes.AsSpan(0, bytes.Length - 8);
        if (XxHash64.HashToUInt64(body) != BitConverter.ToUInt64(bytes, body.Length)) return null;
        return new BinaryReader(new MemoryStream(bytes, Magic.Length, body.Length - Magic.Length), Encoding.UTF8);
    }

    /// <summary>Reads a plan kept at <paramref name="path"/> (see <see cref="TryParse"/>); null when there is none or it does not fit.</summary>
    public static ScanPlan? TryRead(string path, string dataPath, FileStamp stamp) =>
        CacheFile.TryRead(path) is { } bytes ? TryParse(bytes, dataPath, stamp) : null;

    /// <summary>Keeps the plan at <paramref name="path"/>; false when the directory cannot be written.</summary>
    public static bool TryWrite(string path, string dataPath, ScanPlan plan) => CacheFile.TryWrite(path, Bytes(dataPath, plan));
}
