using System.Text;
using FinkXmatch.Core.Binary;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// Finds the chunks of a few columns in a footer's row groups without walking the others. Thrift's compact protocol
/// has no lengths to jump by, so a walk costs every byte of the 450 column chunks an LSST row group describes (about
/// 1 ns a byte, 41 footer bytes per alert with Rubin's cutouts); but each chunk's metadata holds its column's path
/// (<c>path_in_schema</c>), serialized the same in every row group, so a vectorized search for it lands on the
/// chunks wanted, each then parsed whole from its start. What is found is used only when it is certainly the chunks:
/// the Thrift framing before each path (the chunk's <c>meta_data</c> header, <c>type</c>, <c>encodings</c>) is there,
/// each chunk parses, its type is its column's, the chunks of a row group count the same rows (the columns are not
/// repeated) and all row groups the file's rows, and the chunks' bytes follow one another in column and row-group
/// order inside the file's data. Anything else (a writer that frames fields otherwise, a path found in some binary
/// statistics) answers false, and the caller walks the footer. Not told apart: a chunk whose <c>file_path</c> puts it in
/// another file (the walk reads it as no chunk); only <c>_metadata</c> summary files set it, never an alert file.
/// </summary>
internal static class FooterChunkSearch
{
    private const byte ListOfI32 = ThriftCompactReader.I32;
    private const byte DeltaOneList = 0x10 | ThriftCompactReader.List;     // a list field right after the one before
    private const byte DeltaOneI32 = 0x10 | ThriftCompactReader.I32;
    private const byte DeltaOneStruct = 0x10 | ThriftCompactReader.Struct;
    private const int MaxEncodings = 14;                                   // a list header holds up to 14 elements in its own byte

    /// <summary>
    /// Fills <paramref name="rows"/> and the kept leaves' chunks (<paramref name="slots"/>: each leaf's place among the kept
    /// ones, -1 for the others; <paramref name="chunks"/>: [rowGroup * kept + slot]) from the row groups whose list starts
    /// at <paramref name="from"/>; false when they cannot be found for certain.
    /// </summary>
    /// <param name="totalRows">The footer's <c>num_rows</c>.</param>
    /// <param name="dataEnd">Where the file's data ends (the footer's start).</param>
    public static bool TryFind(ReadOnlySpan<byte> footer, int from, IReadOnlyList<FooterLeaf> leaves, int[] slots, int kept,
        int[] rows, ColumnChunkInfo?[] chunks, long totalRows, long dataEnd)
    {
        var wanted = new List<(int Slot, FooterLeaf Leaf, byte[] Path)>();
        for (var l = 0; l < leaves.Count; l++)
        {
            if (slots[l] < 0) continue;
            if (leaves[l].MaxRepetitionLevel != 0) return false;   // its chunks' value counts are not the row counts
            wanted.Add((slots[l], leaves[l], PathBytes(leaves[l].Path)));
        }
        if (wanted.Count == 0 || wanted.Count != kept) return false;
        var pos = from;
        long sum = 0, lastEnd = ParquetFileLayout.MagicLength;
        for (var g = 0; g < rows.Length; g++)
        {
            long groupRows = -1;
            foreach (var (slot, leaf, path) in wanted)
            {
                var at = footer[pos..].IndexOf(path);
                if (at < 0) return false;
                var start = MetaDataStart(footer, pos + at);
                if (start < pos) return false;
                if (ReadChunk(footer[start..], out var read) is not { } chunk) return false;
                pos = start + read;
                var first = chunk.DictionaryPageOffset > 0 && chunk.DictionaryPageOffset < chunk.DataPageOffset ? chunk.DictionaryPageOffset : chunk.DataPageOffset;
                if (chunk.Type != leaf.Type || chunk.NumValues < 0 || (groupRows >= 0 && chunk.NumValues != groupRows)
                    || chunk.TotalCompressedSize < 0 || first < lastEnd || first + chunk.TotalCompressedSize > dataEnd)
                    return false;
                groupRows = chunk.NumValues;
                lastEnd = first + chunk.TotalCompressedSize;
                chunks[g * kept + slot] = chunk;
            }
            if (groupRows > int.MaxValue) return false;
            rows[g] = (int)groupRows;
            sum += groupRows;
        }
        return sum == totalRows;
    }

    // The ColumnMetaData at the start of `bytes` and its length, or null where it does not parse (then not a chunk's).
    private static ColumnChunkInfo? ReadChunk(ReadOnlySpan<byte> bytes, out int length)
    {
        length = 0;
        try
        {
            var reader = new ThriftCompactReader(bytes);
            var chunk = ParquetFooter.ReadColumnMetaData(ref reader);
            length = reader.Position;
            return chunk;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException or InvalidDataException)
        {
            return null;
        }
    }

    // path_in_schema as the chunk's metadata writes it: the list field's header (it follows encodings, field 2), the
    // list header, each name with its length, then the codec's field header (field 4, required) that follows it.
    private static byte[] PathBytes(string pathKey)
    {
        var names = pathKey.Split('\0');
        var bytes = new List<byte> { DeltaOneList };
        Span<byte> varint = stackalloc byte[Varint.MaxLength];
        if (names.Length < 15) bytes.Add((byte)(names.Length << 4 | ThriftCompactReader.Binary));
        else
        {
            bytes.Add(0xF0 | ThriftCompactReader.Binary);
            bytes.AddRange(varint[..Varint.Write(varint, (ulong)names.Length)]);
        }
        foreach (var name in names)
        {
            var utf8 = Encoding.UTF8.GetBytes(name);
            bytes.AddRange(varint[..Varint.Write(varint, (ulong)utf8.Length)]);
            bytes.AddRange(utf8);
        }
        bytes.Add(DeltaOneI32);
        return [.. bytes];
    }

    // Where the ColumnMetaData whose path_in_schema header is at `path` starts, or -1 when the bytes before it are not
    // what a ColumnChunk holds there: its meta_data field header, then type (field 1) and encodings (field 2), each a
    // list of one-byte enum values.
    private static int MetaDataStart(ReadOnlySpan<byte> footer, int path)
    {
        for (var count = 1; count <= MaxEncodings; count++)
        {
            var header = path - 1 - count;   // the encodings' list header
            var start = header - 3;          // the type's field header
            if (start < 1) return -1;
            if (footer[header] != (count << 4 | ListOfI32)) continue;
            if (footer[header - 1] != DeltaOneList || footer[header - 2] >= 0x80 || footer[start] != DeltaOneI32 || footer[start - 1] != DeltaOneStruct) continue;
            if (footer.Slice(header + 1, count).IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0) continue;
            return start;
        }
        return -1;
    }
}
