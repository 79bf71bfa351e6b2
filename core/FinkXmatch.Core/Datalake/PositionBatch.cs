namespace FinkXmatch.Core.Datalake;

/// <summary>
/// Positions of the alerts of one row group, in reusable buffers: valid until the next row group is read into it.
/// A null right ascension or declination reads as NaN, which matches nothing.
/// </summary>
public sealed class PositionBatch
{
    // Batches kept for reuse by scans: their buffers are large-object-heap arrays (a 46,000-row group takes ~1 MiB),
    // which a batch per night shard would allocate and drop a hundred times per job. Bounded, so memory is too.
    private const int PoolLimit = 32;
    private static readonly System.Collections.Concurrent.ConcurrentBag<PositionBatch> Pool = [];

    private double[] _ra = [];
    private double[] _dec = [];
    private long[] _candid = [];
    private string?[] _objectId = [];
    private int[] _levels = [];

    // Positions decompressed straight from their page (see FlatChunkReader.TryLoadPlainPage): the values from
    // RaStart/DecStart on; -1 when they are in _ra/_dec instead.
    internal byte[] RaBytes = [];
    internal byte[] DecBytes = [];
    internal int RaStart = -1;
    internal int DecStart = -1;

    /// <summary>File the row group belongs to.</summary>
    public string File { get; private set; } = "";

    /// <summary>Index of the row group in its file.</summary>
    public int RowGroup { get; private set; }

    /// <summary>Number of alerts (rows) in the row group.</summary>
    public int Count { get; private set; }

    /// <summary>Columns read besides positions.</summary>
    public ScanColumns Columns { get; private set; }

    /// <summary>Right ascension in degrees (<see cref="Survey.RaPath"/>), one per row.</summary>
    public ReadOnlySpan<double> Ra => RaStart >= 0 ? Doubles(RaBytes, RaStart) : _ra.AsSpan(0, Count);

    /// <summary>Declination in degrees (<see cref="Survey.DecPath"/>), one per row.</summary>
    public ReadOnlySpan<double> Dec => DecStart >= 0 ? Doubles(DecBytes, DecStart) : _dec.AsSpan(0, Count);

    private ReadOnlySpan<double> Doubles(byte[] bytes, int start) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes.AsSpan(start, Count * sizeof(double)));

    /// <summary>The alert id (<c>candid</c>, <c>diaSourceId</c>) per row (0 when null); empty unless <see cref="ScanColumns.Candid"/> was read.</summary>
    public ReadOnlySpan<long> Candid => (Columns & ScanColumns.Candid) != 0 ? _candid.AsSpan(0, Count) : [];

    /// <summary>The object id as text (<c>objectId</c>, <c>diaObjectId</c>) per row; empty unless <see cref="ScanColumns.ObjectId"/> was read.</summary>
    public ReadOnlySpan<string?> ObjectId => (Columns & ScanColumns.ObjectId) != 0 ? _objectId.AsSpan(0, Count) : [];

    internal void Reset(string file, int rowGroup, int count, ScanColumns columns)
    {
        File = file;
        RowGroup = rowGroup;
        Count = count;
        Columns = columns;
        (RaStart, DecStart) = (-1, -1);
        // The rows' own arrays only when a page is not read in place (see RaBuffer): a batch is mostly read straight
        // from its pages, and arrays allocated for nothing cost a fresh batch ~0.9 MiB of page faults per row group size.
        if ((columns & ScanColumns.Candid) != 0) Grow(ref _candid, count);
        if ((columns & ScanColumns.ObjectId) != 0) Grow(ref _objectId, count);
    }

    /// <summary>A batch from the shared pool (or a new one); give it back with <see cref="Return"/> when the scan ends.</summary>
    internal static PositionBatch Rent() => Pool.TryTake(out var batch) ? batch : new PositionBatch();

    internal static void Return(PositionBatch batch)
    {
        if (Pool.Count < PoolLimit) Pool.Add(batch);
    }

    internal double[] RaBuffer => Grow(ref _ra, Count);
    internal double[] DecBuffer => Grow(ref _dec, Count);
    internal int[] Levels => Grow(ref _levels, Count);
    internal long[] CandidBuffer => _candid;
    internal string?[] ObjectIdBuffer => _objectId;

    private static T[] Grow<T>(ref T[] buffer, int count)
    {
        if (buffer.Length < count) buffer = new T[Math.Max(count, buffer.Length * 2)];
        return buffer;
    }
}
