using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// Text values held as UTF-8 bytes in one array, each at its start with its length: the chosen rows of a datalake's
/// text column (late materialization copies them out of the decompressed page) or the catalog identifiers of result
/// rows (slices of the catalog's own bytes). The Parquet result writer copies the bytes into its pages, so no string is
/// made per row (10 M sources at 60": ~0.2 result rows per alert); a string is made only when a consumer asks for a
/// value (a Kafka row, a check).
/// </summary>
internal sealed class Utf8Column
{
    private readonly byte[] _bytes;
    private readonly int[] _starts;
    private readonly int[] _lengths;   // -1: null

    /// <param name="bytes">The values' bytes.</param>
    /// <param name="starts">Where value i starts in <paramref name="bytes"/>.</param>
    /// <param name="lengths">Its length, -1 where the value is null.</param>
    public Utf8Column(byte[] bytes, int[] starts, int[] lengths)
    {
        if (starts.Length != lengths.Length) throw new ArgumentException("one start and one length per value");
        for (var i = 0; i < starts.Length; i++)
            if (lengths[i] >= 0 && ((uint)starts[i] > (uint)bytes.Length || lengths[i] > bytes.Length - starts[i]))
                throw new ArgumentException($"value {i} lies outside the {bytes.Length} bytes");
        _bytes = bytes;
        _starts = starts;
        _lengths = lengths;
    }

    /// <summary>Number of values.</summary>
    public int Count => _starts.Length;

    public bool IsNull(int i) => _lengths[i] < 0;

    /// <summary>The array holding the values, where value <paramref name="i"/> starts in it and its length (-1: null).</summary>
    internal (byte[] Bytes, int Start, int Length) Extent(int i) => (_bytes, _starts[i], _lengths[i]);

    /// <summary>The UTF-8 bytes of value <paramref name="i"/> (empty where it is null).</summary>
    public ReadOnlySpan<byte> Utf8(int i) => _lengths[i] < 0 ? default : _bytes.AsSpan(_starts[i], _lengths[i]);

    /// <summary>
    /// Asks the CPU to fetch value <paramref name="i"/>'s first bytes into the cache, where it can: a copy of values
    /// scattered over a large array (a catalog's identifiers, one result row each) then overlaps its cache misses
    /// instead of waiting for one at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(int i)
    {
        // Not pinned: a prefetch never faults, and one at an address the GC has just moved only misses.
        if (Sse.IsSupported && _lengths[i] > 0)
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bytes), _starts[i])));
    }

    /// <summary>Value <paramref name="i"/> as a string, null where it is null.</summary>
    public string? Value(int i) => _lengths[i] < 0 ? null : Encoding.UTF8.GetString(Utf8(i));
}
