using System.Text;
using FinkXmatch.Core.Os;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Collects identifiers, in source order, as UTF-8 bytes into one growing array, so that
/// <see cref="DuplicateIdentifiers"/> can find repeats once everything is read, without a table of strings. At most
/// <see cref="MaxBytes"/> bytes of identifiers in all.
/// </summary>
internal sealed class CatalogIdentifiersBuilder : IIdentifierBytes
{
    /// <summary>The most identifier bytes held together (one array).</summary>
    public static readonly int MaxBytes = Array.MaxLength;

    private byte[] _utf8;
    private GrowableArray<int> _ends;

    public CatalogIdentifiersBuilder(int maxCount, int expectedCount = 0, long expectedBytes = 0)
    {
        _utf8 = new byte[(int)Math.Clamp(expectedBytes, 1024, MaxBytes)];
        _ends = new GrowableArray<int>(maxCount, expectedCount);
    }

    public int Count => _ends.Count;

    /// <summary>Bytes of identifiers so far.</summary>
    public int Bytes => _ends.Count == 0 ? 0 : _ends.Items[^1];

    /// <summary>Adds the next source's identifier; false when it would take the identifiers past <see cref="MaxBytes"/>.</summary>
    public bool Add(ReadOnlySpan<byte> utf8)
    {
        var start = Bytes;
        if (!Reserve(start, utf8.Length)) return false;
        utf8.CopyTo(_utf8.AsSpan(start));
        Added(start, utf8.Length);
        return true;
    }

    /// <summary>Adds the next source's identifier, encoded as UTF-8 (unpaired surrogates become U+FFFD).</summary>
    public bool Add(string id)
    {
        var start = Bytes;
        var most = Encoding.UTF8.GetMaxByteCount(id.Length);
        if (!Reserve(start, start + (long)most <= _utf8.Length ? most : Encoding.UTF8.GetByteCount(id))) return false;
        Added(start, Encoding.UTF8.GetBytes(id, _utf8.AsSpan(start)));
        return true;
    }

    /// <summary>Adds the next source's identifier as the invariant text of an integer.</summary>
    public bool Add<T>(T value) where T : IUtf8SpanFormattable
    {
        var start = Bytes;
        if (!Reserve(start, 24)) return false;
        if (!value.TryFormat(_utf8.AsSpan(start), out var written, default, System.Globalization.CultureInfo.InvariantCulture))
            throw new InvalidOperationException("an integer's text is longer than 24 bytes");
        Added(start, written);
        return true;
    }

    /// <summary>
    /// The first source below <paramref name="before"/> whose identifier (ordinal, byte for byte) repeats an earlier
    /// source's, or -1; <paramref name="earlier"/> is the first source that holds it.
    /// </summary>
    public int FirstDuplicate(int before, out int earlier) => DuplicateIdentifiers.First(this, before, out earlier);

    public ReadOnlySpan<byte> Utf8(int source)
    {
        var ends = _ends.Items;
        var start = source == 0 ? 0 : ends[source - 1];
        return _utf8.AsSpan(start, ends[source] - start);
    }

    public CatalogIdentifiers Build()
    {
        var bytes = Bytes;
        if (_utf8.Length != bytes)
        {
            // Copied into an array on 2 MiB pages where the system gives them: a result row reads its source's
            // identifier at random (10 M sources at 60": a TLB miss per row on 4 KiB pages), as the Parquet loader's.
            var trimmed = GC.AllocateUninitializedArray<byte>(bytes);
            HugePages.Prefer(trimmed);
            _utf8.AsSpan(0, bytes).CopyTo(trimmed);
            _utf8 = trimmed;
        }
        return CatalogIdentifiers.FromUtf8(_utf8, _ends.ToTrimmedArray());
    }

    private void Added(int start, int length) => _ends.Add(start + length);

    private bool Reserve(int start, int length)
    {
        var end = (long)start + length;
        if (end > MaxBytes) return false;
        if (end > _utf8.Length) Array.Resize(ref _utf8, (int)Math.Min(MaxBytes, Math.Max(end, 2L * _utf8.Length)));
        return true;
    }
}
