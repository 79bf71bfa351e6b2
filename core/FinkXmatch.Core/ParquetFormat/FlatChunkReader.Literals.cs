using Microsoft.Win32.SafeHandles;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// A Snappy page that is only literals (random doubles, such as alert positions: Snappy finds nothing to copy and writes
/// each 64 KiB of input as one literal) read straight into the caller's buffer: one positional read scatters each
/// literal's bytes to its place in the target and the tags between them one after the other into the chunk buffer, so the
/// kernel's copy from the page cache is the only one (the page read whole, then "decompressed", was copied twice).
/// </summary>
internal sealed partial class FlatChunkReader
{
    // How much of the chunk is read first to learn its page header and where its literals lie.
    private const int HeadBytes = 256;
    // Snappy compresses its input 64 KiB at a time: a page without a copy is literals of this length, the last shorter.
    private const int LiteralBytes = 1 << 16;
    private const int MaxLiterals = 256;

    private readonly List<Memory<byte>> _scatter = [];

    /// <summary>Pages read into place by <see cref="TryReadLiteralPage"/> (tests tell the two paths apart by it).</summary>
    internal int LiteralPagesRead { get; private set; }

    /// <summary>
    /// Reads a chunk of <paramref name="length"/> bytes at <paramref name="offset"/>, one Snappy data page (v1) of
    /// <paramref name="rows"/> values, into <paramref name="target"/> (grown when short) as it decompresses, when its
    /// stream is the literals Snappy writes for bytes it cannot compress, each tag checked where it was read. Its page
    /// header is then at the start of <c>_chunk</c> (its length <paramref name="headerLength"/>). False, with the
    /// target holding anything, for any other chunk: the caller reads it whole and decompresses it.
    /// </summary>
    private bool TryReadLiteralPage(SafeFileHandle file, long offset, int length, int rows, ref byte[] target, out PageHeader page, out int headerLength)
    {
        if (!TryReadLiteralHead(file, offset, length, rows, out page, out headerLength, out var literalsAt)) return false;
        var size = page.UncompressedSize;
        GrowTarget(ref target, size);
        return TryScatterLiterals(file, offset, length, literalsAt, target.AsMemory(0, size));
    }

    /// <summary>
    /// The first step of <see cref="TryReadLiteralPage"/>: the chunk's head read into <c>_chunk</c> (at least
    /// <see cref="HeadBytes"/> long), its page header and Snappy preamble checked against a stream of literals only;
    /// <paramref name="literalsAt"/> is where the first literal's tag lies in the chunk.
    /// </summary>
    private bool TryReadLiteralHead(SafeFileHandle file, long offset, int length, int rows, out PageHeader page, out int headerLength, out int literalsAt)
    {
        (page, headerLength, literalsAt) = (default, 0, 0);
        var head = Math.Min(length, HeadBytes);
        if (RandomAccess.Read(file, _chunk.AsSpan(0, head), offset) != head || !PageHeader.TryRead(_chunk.AsSpan(0, head), out page, out headerLength)
            || page.Type != ParquetThrift.PageType.DataPage || page.NumValues != rows || headerLength + (long)page.CompressedSize != length
            || page.UncompressedSize <= 0)
            return false;
        // The stream's preamble, the page's size as a varint, must lie in the head, and the literals must fill the page.
        var size = page.UncompressedSize;
        var at = headerLength;
        for (var v = (uint)size; ; v >>= 7, at++)
        {
            if (at >= head || _chunk[at] != (byte)(v < 0x80 ? v : (v & 0x7f) | 0x80)) return false;
            if (v < 0x80) break;
        }
        at++;
        var literals = (size + LiteralBytes - 1) / LiteralBytes;
        if (literals > MaxLiterals || at + (long)literals * TagBytes(LiteralBytes) - TagBytes(LiteralBytes) + TagBytes(size - (literals - 1) * LiteralBytes) + size != length)
            return false;
        literalsAt = at;
        return true;
    }

    /// <summary>
    /// The second step: one positional read puts each literal of the chunk at its place in <paramref name="target"/>
    /// (the page's bytes uncompressed, exactly) and the header, preamble and tags at their places in <c>_chunk</c>
    /// (grown to <paramref name="literalsAt"/> plus the tags when short), then checks every tag.
    /// </summary>
    private bool TryScatterLiterals(SafeFileHandle file, long offset, int length, int literalsAt, Memory<byte> target) =>
        TryScatterLiterals(file, offset, length, literalsAt, target, null) == true;

    // With a reader of the bytes read: they are read LiteralsPerPart literals at a time (512 KiB), each part's tags
    // checked and then its bytes handed to `read` (where they start in the target, how many) while they are in the
    // cache. Null when the chunk is not literals only, false when `read` refused a part.
    private const int LiteralsPerPart = 8;

    private readonly List<Memory<byte>> _part = [];

    private bool? TryScatterLiterals(SafeFileHandle file, long offset, int length, int literalsAt, Memory<byte> target, Func<int, int, bool>? read)
    {
        var size = target.Length;
        var literals = (size + LiteralBytes - 1) / LiteralBytes;
        GrowBytes(ref _chunk, literalsAt + literals * TagBytes(LiteralBytes));
        _scatter.Clear();
        var tagAt = literalsAt;
        for (var k = 0; k < literals; k++)
        {
            var literal = Math.Min(LiteralBytes, size - k * LiteralBytes);
            var tag = TagBytes(literal);
            _scatter.Add(k == 0 ? _chunk.AsMemory(0, tagAt + tag) : _chunk.AsMemory(tagAt, tag));
            _scatter.Add(target.Slice(k * LiteralBytes, literal));
            // The tags are packed one after the other in _chunk (not at their file places): the target takes the literals.
            tagAt += tag;
        }
        if (read is null)
        {
            if (RandomAccess.Read(file, _scatter, offset) != length) return null;
            // Each tag as read: a literal of the length its place gives it.
            tagAt = literalsAt;
            for (var k = 0; k < literals; k++)
            {
                var literal = Math.Min(LiteralBytes, size - k * LiteralBytes);
                if (!IsLiteralTag(_chunk.AsSpan(tagAt, TagBytes(literal)), literal)) return null;
                tagAt += TagBytes(literal);
            }
            LiteralPagesRead++;
            return true;
        }
        tagAt = literalsAt;
        var at = offset;
        for (var first = 0; first < literals; first += LiteralsPerPart)
        {
            var end = Math.Min(literals, first + LiteralsPerPart);
            _part.Clear();
            var bytes = 0L;
            for (var i = 2 * first; i < 2 * end; i++)
            {
                _part.Add(_scatter[i]);
                bytes += _scatter[i].Length;
            }
            if (RandomAccess.Read(file, _part, at) != bytes) return null;
            at += bytes;
            for (var k = first; k < end; k++)
            {
                var literal = Math.Min(LiteralBytes, size - k * LiteralBytes);
                if (!IsLiteralTag(_chunk.AsSpan(tagAt, TagBytes(literal)), literal)) return null;
                tagAt += TagBytes(literal);
            }
            var from = first * LiteralBytes;
            if (!read(from, Math.Min(size, end * LiteralBytes) - from)) return false;
        }
        LiteralPagesRead++;
        return at - offset == length ? true : null;
    }

    // The bytes of a Snappy literal's tag for this many bytes: the tag, then 0 to 3 bytes of length.
    private static int TagBytes(int literal) => literal <= 60 ? 1 : literal <= 1 << 8 ? 2 : literal <= 1 << 16 ? 3 : 4;

    private static bool IsLiteralTag(ReadOnlySpan<byte> tag, int literal)
    {
        var n = literal - 1;
        if (tag.Length == 1) return tag[0] == n << 2;
        if (tag[0] != (59 + tag.Length - 1) << 2) return false;
        for (var i = 1; i < tag.Length; i++)
            if (tag[i] != (byte)(n >> (8 * (i - 1)))) return false;
        return true;
    }
}
