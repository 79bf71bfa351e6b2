namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The identifiers of consecutive sources as UTF-8, one after the other in one array of exactly their size: with an end
/// offset each, or none when they all have the same length (10 M identifiers of 10 bytes: 100 MB, not 140).
/// </summary>
internal sealed class Utf8Identifiers
{
    private readonly byte[] _bytes;
    private readonly int[]? _ends;   // identifier k's bytes are [k == 0 ? 0 : _ends[k - 1], _ends[k]); null: _width each
    private readonly int _width;

    private Utf8Identifiers(byte[] bytes, int[]? ends, int width, int count) => (_bytes, _ends, _width, Count) = (bytes, ends, width, count);

    /// <summary>Identifiers ending at <paramref name="ends"/> in <paramref name="bytes"/>; the offsets are dropped when all have one length.</summary>
    public static Utf8Identifiers OfEnds(byte[] bytes, int[] ends)
    {
        if (ends.Length == 0 ? bytes.Length != 0 : ends[^1] != bytes.Length) throw new ArgumentException("the identifiers do not end where the bytes do", nameof(ends));
        var width = ends.Length == 0 ? 0 : ends[0];
        for (var k = 1; k < ends.Length && width > 0; k++)
            if (ends[k] - ends[k - 1] != width) width = 0;
        return width > 0 ? new(bytes, null, width, ends.Length) : new(bytes, ends, 0, ends.Length);
    }

    /// <summary>Identifiers of <paramref name="width"/> bytes each.</summary>
    public static Utf8Identifiers OfWidth(byte[] bytes, int width)
    {
        if (width <= 0 || bytes.Length % width != 0) throw new ArgumentException("the bytes are not identifiers of that width", nameof(bytes));
        return new(bytes, null, width, bytes.Length / width);
    }

    /// <summary>The first <paramref name="count"/> identifiers of <paramref name="width"/> bytes each (bytes past them unused).</summary>
    public static Utf8Identifiers OfWidth(byte[] bytes, int width, int count)
    {
        if (width <= 0 || (long)width * count > bytes.Length) throw new ArgumentException("the bytes are not identifiers of that width", nameof(bytes));
        return new(bytes, null, width, count);
    }

    public int Count { get; }

    /// <summary>The length of every identifier, or 0 when they differ (end offsets held).</summary>
    public int Width => _width;

    /// <summary>The array that holds the bytes (for slices of it); its first <see cref="Used"/> bytes are the identifiers'.</summary>
    public byte[] Bytes => _bytes;

    /// <summary>The bytes of all the identifiers, one after the other, from the start of <see cref="Bytes"/>.</summary>
    public int Used => Count == 0 ? 0 : _ends is null ? Count * _width : _ends[Count - 1];

    /// <summary>Bytes held.</summary>
    public long MemoryBytes => _bytes.LongLength + 4L * (_ends?.Length ?? 0);

    /// <summary>Where identifier <paramref name="k"/>'s bytes start in <see cref="Bytes"/>, and how many there are.</summary>
    public (int Start, int Length) Extent(int k)
    {
        if ((uint)k >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(k), "no such source");
        if (_ends is null) return (k * _width, _width);
        var start = k == 0 ? 0 : _ends[k - 1];
        return (start, _ends[k] - start);
    }

    public ReadOnlySpan<byte> Utf8(int k)
    {
        var (start, length) = Extent(k);
        return _bytes.AsSpan(start, length);
    }
}
