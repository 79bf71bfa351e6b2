using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using FinkXmatch.Core.Os;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// The catalog indexed by HEALPix nside 128 (nested): each source is registered in every pixel that its disc of
/// the match radius touches (<see cref="Healpix.QueryDiscIntersectingNest"/>: never misses a touched pixel, without
/// healpy's inclusive slack), so an alert needs one <c>ang2pix</c> and one lookup to get every source that can match
/// it. Stored as compressed rows (pixel offsets + entries) with each entry's unit vector copied next to it, or, for a
/// whole catalog whose alerts reach few entries, the vectors by source, computed as lookups need them
/// (<see cref="VectorsBySourceFor"/>, <see cref="SourceVectors"/>).
/// <para>
/// So that the time per alert stays flat when the catalog grows (10 M sources put ~50 in each nside-128 pixel), the
/// registration is done at a finer order (<see cref="FineOrder"/>, pixels at least 8 radii wide) and each pixel's
/// entries are sorted by their fine sub-pixel (then catalog order): a lookup takes the alert's fine pixel and reads
/// only the entries registered in it, found by binary search within the nside-128 row. A bitmap of occupied
/// nside-128 pixels (24 KiB, in L1) answers most lookups of small catalogs without touching the offsets.
/// </para>
/// <para>
/// Dense catalogs (at most <see cref="FineTableEntriesPerPixel"/> fine pixels per entry: 1 M or 10 M sources at 60")
/// get a direct offset per fine pixel instead (<see cref="_fineStart"/>, 12 MiB at order 9): the entries of a fine
/// pixel are one load away, where the binary search chased several cache lines of a large key array per alert.
/// </para>
/// </summary>
public sealed partial class HealpixIndex
{
    public const int Nside = 128;
    internal const int Order = 7;
    private const int MaxFineOrder = 16;
    private const int MaxSummaryOrder = 12;

    private readonly int[] _pixelStart;     // npix + 1 offsets into the entry arrays
    private readonly ulong[] _occupied;     // bit p set when pixel p has entries
    private readonly uint[] _entryKey;      // fine sub-pixel within the nside-128 pixel (sorted within each pixel)
    private readonly int[] _entrySource;    // source index of each entry
    private readonly SkyVector[] _entryVector;
    private readonly int _fineShift;        // 2 * (FineOrder - Order)
    private readonly ulong[]? _fineOccupied; // bit per pixel at order FineOrder - _summaryShift / 2: set when it has entries
    private readonly int _summaryShift;     // fine pixel >> _summaryShift = its pixel in _fineOccupied
    private readonly int[]? _fineStart;     // dense catalogs: fine npix + 1 offsets into the entry arrays
    private readonly SourceVectors? _bySource; // the sources' vectors, when the entries carry none (_entryVector empty)

    /// <summary>The direct table is built when it holds at most this many offsets per entry (so at most half the index's bytes).</summary>
    internal const int FineTableEntriesPerPixel = 8;

    // The index is placed a bucket of 1,024 nside-128 pixels at a time (192 buckets).
    private const int BucketShift = 10;
    private const int BucketPixels = 1 << BucketShift;

    // Sources of a range from which its pixel counts (196,608 ints, 192 pages) are mapped at once: ~4 pixels each, so
    // 1,000 counts or more, and fewer than 1 % of the pages left unwritten.
    private const int PopulatedCountsFrom = 256;

    private HealpixIndex(double radiusArcsec, int sourceCount, int fineOrder, int[] pixelStart, ulong[] occupied, uint[] entryKey,
        int[] entrySource, SkyVector[] entryVector, ulong[]? fineOccupied, int summaryShift, int[]? fineStart, SkyCellMask? cellMask,
        SourceVectors? bySource)
    {
        _bySource = bySource;
        _fineStart = fineStart;
        CellMask = cellMask;
        _fineOccupied = fineOccupied;
        _summaryShift = summaryShift;
        RadiusArcsec = radiusArcsec;
        SourceCount = sourceCount;
        IndexedSourceCount = sourceCount;
        FineOrder = fineOrder;
        _fineShift = 2 * (fineOrder - Order);
        _pixelStart = pixelStart;
        _occupied = occupied;
        _entryKey = entryKey;
        _entrySource = entrySource;
        _entryVector = entryVector;
    }

    public double RadiusArcsec { get; }
    /// <summary>Rows of the catalog the entries refer to (all of them indexed, or only those <see cref="Build(ReadOnlySpan{double}, ReadOnlySpan{double}, double, ReadOnlySpan{int})"/> was given).</summary>
    public int SourceCount { get; private set; }

    /// <summary>Sources registered: <see cref="SourceCount"/>, or the rows kept when only some were indexed.</summary>
    public int IndexedSourceCount { get; private set; }
    public int EntryCount => _entrySource.Length;

    /// <summary>True when the fine-order occupancy summary is in use (dense catalogs).</summary>
    internal bool HasFineSummary => _fineOccupied is not null;

    /// <summary>True when lookups use the direct per-fine-pixel offset table (dense catalogs).</summary>
    internal bool HasFineTable => _fineStart is not null;

    /// <summary>The RA/Dec pre-filter the matcher applies before <c>ang2pix</c>; null when it would not reject most alerts.</summary>
    internal SkyCellMask? CellMask { get; private set; }

    /// <summary>
    /// Attaches the cell mask of the same sources and radius, built beside the index (<see cref="Xmatch.CatalogIndexUnderway"/>),
    /// before the index is handed to any matcher.
    /// </summary>
    internal void AttachCellMask(SkyCellMask? cellMask) => CellMask = cellMask;

    /// <summary>Order at which sources are registered and alerts located (7..16; nside 128 is order 7).</summary>
    public int FineOrder { get; }

    /// <summary>Builds the index of sources at (raDeg[i], decDeg[i]) for matches within <paramref name="radiusArcsec"/>.</summary>
    public static HealpixIndex Build(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec) =>
        Build(raDeg, decDeg, radiusArcsec, fineTable: null);

    /// <summary>
    /// The index of only the sources at rows <paramref name="rows"/> (ascending) of (raDeg, decDeg), for a job whose
    /// alerts the other sources cannot reach (<see cref="AlertReach.Survivors"/>). Entries name the catalog's rows, and
    /// each pixel's entries keep catalog order, so every alert gets the matches, in the order, of the whole catalog's index.
    /// </summary>
    public static HealpixIndex Build(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec, ReadOnlySpan<int> rows)
    {
        if (raDeg.Length != decDeg.Length) throw new ArgumentException("ra and dec differ in length");
        var ra = GC.AllocateUninitializedArray<double>(rows.Length);
        var dec = GC.AllocateUninitializedArray<double>(rows.Length);
        for (var k = 0; k < rows.Length; k++)
        {
            if ((uint)rows[k] >= (uint)raDeg.Length || (k > 0 && rows[k] <= rows[k - 1]))
                throw new ArgumentException("rows must be ascending rows of the catalog", nameof(rows));
            ra[k] = raDeg[rows[k]];
            dec[k] = decDeg[rows[k]];
        }
        var index = Build(ra, dec, radiusArcsec, fineTable: null);
        var entries = index._entrySource;
        for (var e = 0; e < entries.Length; e++) entries[e] = rows[entries[e]];
        index.SourceCount = raDeg.Length;
        return index;
    }

    /// <summary>The same, with the direct fine-pixel table forced on or off (null: by density), so tests cover both lookups.</summary>
    internal static HealpixIndex Build(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec, bool? fineTable)
    {
        CheckInput(raDeg, decDeg, radiusArcsec);
        return Build(raDeg, decDeg, radiusArcsec, fineTable, SkyCellMask.Build(raDeg, decDeg, radiusArcsec));
    }

    /// <summary>
    /// The index of the whole catalog without its cell mask, which is marked meanwhile on another thread and attached at
    /// the end (<see cref="AttachCellMask"/>, <see cref="Xmatch.CatalogIndexUnderway"/>). Its entries carry no vectors
    /// when the catalog has few sources per fine pixel (<see cref="VectorsBySourceFor"/>): the sources' vectors are
    /// computed as lookups first need them (<see cref="SourceVectors"/>), from these arrays, which the index keeps.
    /// </summary>
    internal static HealpixIndex BuildWithoutCellMask(double[] raDeg, double[] decDeg, double radiusArcsec)
    {
        CheckInput(raDeg, decDeg, radiusArcsec);
        return Build(raDeg, decDeg, radiusArcsec, null, null, VectorsBySourceOf(raDeg, decDeg, radiusArcsec));
    }

    /// <summary>
    /// The index of the whole catalog with its cell mask, the one the service shares between jobs
    /// (<see cref="Xmatch.CatalogIndexCache"/>): vectors by source under the same rule as <see cref="BuildWithoutCellMask"/>,
    /// so that a 10 M catalog at 1.5" is built without 20 M sine-cosine pairs and 24 bytes per entry written twice.
    /// </summary>
    internal static HealpixIndex BuildWhole(double[] raDeg, double[] decDeg, double radiusArcsec)
    {
        CheckInput(raDeg, decDeg, radiusArcsec);
        return Build(raDeg, decDeg, radiusArcsec, null, SkyCellMask.Build(raDeg, decDeg, radiusArcsec), VectorsBySourceOf(raDeg, decDeg, radiusArcsec));
    }

    private static SourceVectors? VectorsBySourceOf(double[] raDeg, double[] decDeg, double radiusArcsec) =>
        VectorsBySourceFor(raDeg.Length, radiusArcsec) ? new SourceVectors(raDeg, decDeg) : null;

    /// <summary>
    /// Whether a whole catalog's index gets its vectors by source: at most one source per 64 fine pixels, so that only
    /// alerts in about 1/64 of the sky or less reach any entry (75 k sources at 1.5": 1 in 43,000 fine pixels; a 20-night
    /// job computes a few thousand vectors, where the build computed 75,000; 10 M at 1.5": 1 in 320, the build 2.2 -> 1.4 s,
    /// lookups as fast). At 60" (order 8 or 9) a catalog of 75 k has one source in 10 fine pixels, 10 M several per fine
    /// pixel, and most alerts that pass the cell mask reach an entry: there a vector next to each entry is cheaper than
    /// one by source (75 k, a 20-night job's CPU +3-15 ms in 4 of 5 rounds; 10 M, a lookup 36 -> 56-58 ns).
    /// </summary>
    internal static bool VectorsBySourceFor(int sourceCount, double radiusArcsec) =>
        sourceCount * 64L <= 12L << (2 * FineOrderFor(radiusArcsec, sourceCount));

    /// <summary>The sources' vectors when the entries carry none (<see cref="EntryVectors"/> is then empty).</summary>
    internal SourceVectors? VectorsBySource => _bySource;

    private static void CheckInput(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec)
    {
        if (raDeg.Length != decDeg.Length) throw new ArgumentException("ra and dec differ in length");
        if (!(radiusArcsec > 0 && radiusArcsec <= MatchLimits.MaxRadiusArcsec))
            throw new ArgumentOutOfRangeException(nameof(radiusArcsec), radiusArcsec, MatchLimits.RadiusMessage);
    }

    private static HealpixIndex Build(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec, bool? fineTable, SkyCellMask? cellMask,
        SourceVectors? bySource = null)
    {
        var fineOrder = FineOrderFor(radiusArcsec, raDeg.Length);
        var npix = (int)Healpix.Npix(Nside);
        var registration = raDeg.Length <= SmallMaxSources
            ? RegisterSmall(raDeg, decDeg, radiusArcsec / 3600.0, fineOrder, withVectors: bySource is null)
            : RegisterGeneral(raDeg, decDeg, radiusArcsec / 3600.0, fineOrder, withVectors: bySource is null);
        var (counts, entryKey, entrySource, entryVector, occupied) =
            (registration.Counts, registration.Keys, registration.Sources, registration.Vectors, registration.Occupied);
        var fineStart = fineTable ?? UsesFineTable(fineOrder, entrySource.Length) ? FineTable(fineOrder, counts, entryKey) : null;
        var (fineOccupied, summaryShift) = fineStart is not null ? (null, 0)
            : registration.Summary is { } marked ? Decided(marked, fineOrder, counts, occupied, npix) : Summary(fineOrder, counts, entryKey, occupied, npix);
        HugePages.Advise(entryVector);
        HugePages.Advise(entrySource);
        HugePages.Advise(fineStart);
        HugePages.Advise(fineStart is null ? entryKey : null);
        HugePages.Advise(fineOccupied);
        return new HealpixIndex(radiusArcsec, raDeg.Length, fineOrder, counts, occupied, fineStart is null ? entryKey : [], entrySource, entryVector,
            fineOccupied, summaryShift, fineStart, cellMask, bySource);
    }

    // A source's fine pixels: the disc query at the fine order, without a list for the common disc that reaches at most the
    // neighbours of its pixel (the same pixels as Healpix.QueryDiscIntersectingNest); `large` holds a larger disc's.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<long> DiscPixels(int fineOrder, double raDeg, double decDeg, double radius, double radiusDeg, Span<long> nearby,
        ref List<long>? large) =>
        Healpix.QueryDiscIntersectingNearbyNest(fineOrder, raDeg, decDeg, radius, nearby) is var count and >= 0
            ? nearby[..count]
            : LargeDisc(fineOrder, raDeg, decDeg, radiusDeg, large ??= []);

    /// <summary>
    /// What a registration gives: each pixel's offsets, the entries' keys, sources and vectors (or none), the occupied
    /// pixels, and the fine summary when the registration marked it (<see cref="RegisterInBuckets"/>: its bits and how
    /// many are set; null for <see cref="Summary"/> to mark it).
    /// </summary>
    private readonly record struct Registration(int[] Counts, uint[] Keys, int[] Sources, SkyVector[] Vectors, ulong[] Occupied,
        (ulong[]? Bits, int Shift, long Set)? Summary = null);

    // The registration of more sources than RegisterSmall takes: with vectors in the entries, or without (empty) in buckets.
    private static Registration RegisterGeneral(ReadOnlySpan<double> raDeg,
        ReadOnlySpan<double> decDeg, double radiusDeg, int fineOrder, bool withVectors)
    {
        return withVectors ? RegisterSorted(raDeg, decDeg, radiusDeg, fineOrder) : RegisterInBuckets(raDeg, decDeg, radiusDeg, fineOrder);
    }

    // Passes 1 to 3 of the build, with the bitmap of occupied pixels.
    private static Registration RegisterSorted(ReadOnlySpan<double> raDeg,
        ReadOnlySpan<double> decDeg, double radiusDeg, int fineOrder)
    {
        var npix = (int)Healpix.Npix(Nside);
        var (counts, entryKey, entrySource, entryVector) = Register(raDeg, decDeg, radiusDeg, fineOrder);
        var ranges = CoreRanges.Count(entrySource.Length);
        var occupied = new ulong[(npix + 63) / 64];
        for (var p = 0; p < npix; p++)
            if (counts[p + 1] > counts[p]) occupied[p >> 6] |= 1UL << (p & 63);
        // Pass 3, each core a range of pixels (their entries are disjoint).
        CoreRanges.Run(npix, ranges, (_, first, end) =>
        {
            var scratch = new PixelSortScratch();
            for (var p = first; p < end; p++)
            {
                var (start, length) = (counts[p], counts[p + 1] - counts[p]);
                // Most pixels of a small (pruned) index hold no entry or one: no call, no spans for them.
                if (length > 1)
                    SortByKey(entryKey.AsSpan(start, length), entrySource.AsSpan(start, length), entryVector.AsSpan(start, length), scratch);
            }
        });
        return new Registration(counts, entryKey, entrySource, entryVector, occupied);
    }

    /// <summary>
    /// Passes 1 and 2 of the build: each source's disc is queried once, its fine pixels kept in source order, then the
    /// entries are placed by counting sort on their nside-128 pixel, so every pixel's entries come out in catalog order
    /// (pass 3, in <see cref="Build(ReadOnlySpan{double}, ReadOnlySpan{double}, double, bool?)"/>, orders each pixel by
    /// fine key, ties by catalog row). Each core takes a contiguous range of sources and places its entries after those
    /// of the ranges before it in each pixel, so the result is the same as one thread's. Returns the npix + 1 offsets.
    /// </summary>
    private static unsafe (int[] Counts, uint[] Keys, int[] Sources, SkyVector[] Vectors) Register(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg,
        double radiusDeg, int fineOrder)
    {
        var n = raDeg.Length;
        var shift = 2 * (fineOrder - Order);
        var keyMask = (1L << shift) - 1;
        var npix = (int)Healpix.Npix(Nside);
        var ranges = CoreRanges.Count(n);
        var perRange = new int[ranges][];          // entries per pixel of each range
        var fineOf = new long[ranges][];           // each range's fine pixels, in source order
        var perSource = new int[n];
        var radius = Healpix.IntersectingRadius(radiusDeg);
        fixed (double* raAt = raDeg, decAt = decDeg)
        {
            nint ra = (nint)raAt, dec = (nint)decAt;
            CoreRanges.Run(n, ranges, (r, first, end) =>
            {
                var counts = new int[npix];
                // Counted all over by this many sources (a few pixels each): every page is written, so mapped at once.
                if (end - first >= PopulatedCountsFrom) FreshPages.Populate(counts.AsSpan());
                var fine = GC.AllocateUninitializedArray<long>((end - first) * 2 + 64);
                var e = 0;
                Span<long> nearby = stackalloc long[9];
                List<long>? large = null;
                for (var i = first; i < end; i++)
                {
                    var found = DiscPixels(fineOrder, ((double*)ra)[i], ((double*)dec)[i], radius, radiusDeg, nearby, ref large);
                    if (fine.Length - e < found.Length) Array.Resize(ref fine, Math.Max(fine.Length * 3 / 2, e + found.Length));
                    foreach (var p in found)
                    {
                        counts[p >> shift]++;
                        fine[e++] = p;
                    }
                    perSource[i] = found.Length;
                }
                perRange[r] = counts;
                fineOf[r] = fine;
            });
        }
        var offsets = new int[npix + 1];
        FreshPages.Populate(offsets.AsSpan());
        var buckets = npix >> BucketShift;
        var bucketCounts = new int[ranges][];
        for (var r = 0; r < ranges; r++) bucketCounts[r] = new int[buckets];
        for (var p = 0; p < npix; p++)
        {
            var at = offsets[p];
            for (var r = 0; r < ranges; r++)
            {
                bucketCounts[r][p >> BucketShift] += perRange[r][p];
                at += perRange[r][p];
            }
            offsets[p + 1] = at;
        }
        // Where each range's entries of each bucket go: the bucket's entries are the slots of its pixels, range by range.
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            var at = offsets[bucket << BucketShift];
            for (var r = 0; r < ranges; r++) (bucketCounts[r][bucket], at) = (at, at + bucketCounts[r][bucket]);
        }
        var total = offsets[npix];
        // Pass 2a: each source's entries, with its unit vector computed once, written to its bucket of 1,024 pixels (a
        // few hundred sequential streams); the fine key keeps the pixel within the bucket.
        var byBucketCode = new uint[total];
        var byBucketSource = new int[total];
        var byBucketVector = new SkyVector[total];
        fixed (double* raAt = raDeg, decAt = decDeg)
        {
            nint ra = (nint)raAt, dec = (nint)decAt;
            CoreRanges.Run(n, ranges, (r, first, end) =>
            {
                var next = bucketCounts[r];
                var fine = fineOf[r];
                var e = 0;
                for (var i = first; i < end; i++)
                {
                    var vector = SkyVector.FromRaDec(((double*)ra)[i], ((double*)dec)[i]);
                    for (var k = 0; k < perSource[i]; k++, e++)
                    {
                        var pixel = fine[e] >> shift;
                        var slot = next[pixel >> BucketShift]++;
                        byBucketCode[slot] = (uint)(((pixel & (BucketPixels - 1)) << shift) | (fine[e] & keyMask));
                        byBucketSource[slot] = i;
                        byBucketVector[slot] = vector;
                    }
                }
                fineOf[r] = null!;
            });
        }
        // Pass 2b: each bucket's entries to their pixels' slots, in the order they came (catalog order); its slots span a
        // few MiB, so these writes stay in the caches where writing every entry straight to its pixel missed them.
        var entryKey = new uint[total];
        var entrySource = new int[total];
        var entryVector = new SkyVector[total];
        HugePages.Prefer(entryKey);
        HugePages.Prefer(entrySource);
        HugePages.Prefer(entryVector);
        CoreRanges.Run(buckets, ranges, (_, firstBucket, endBucket) =>
        {
            var next = new int[BucketPixels];
            for (var bucket = firstBucket; bucket < endBucket; bucket++)
            {
                var firstPixel = bucket << BucketShift;
                offsets.AsSpan(firstPixel, BucketPixels).CopyTo(next);
                for (var t = offsets[firstPixel]; t < offsets[firstPixel + BucketPixels]; t++)
                {
                    var code = byBucketCode[t];
                    var slot = next[code >> shift]++;
                    entryKey[slot] = (uint)(code & keyMask);
                    entrySource[slot] = byBucketSource[t];
                    entryVector[slot] = byBucketVector[t];
                }
            }
        });
        return (offsets, entryKey, entrySource, entryVector);
    }

    /// <summary>The pixels of a disc larger than a fine pixel's neighbourhood (large radii at nside 128 only).</summary>
    private static ReadOnlySpan<long> LargeDisc(int fineOrder, double raDeg, double decDeg, double radiusDeg, List<long> pixels)
    {
        pixels.Clear();
        Healpix.QueryDiscIntersectingNest(1 << fineOrder, raDeg, decDeg, radiusDeg, pixels);
        return CollectionsMarshal.AsSpan(pixels);
    }

    /// <summary>Whether a catalog with this many entries at this fine order gets the direct fine-pixel table.</summary>
    internal static bool UsesFineTable(int fineOrder, long entryCount) =>
        (12L << (2 * fineOrder)) <= Math.Min((long)FineTableEntriesPerPixel * entryCount, int.MaxValue - 1);

    /// <summary>
    /// Offsets of each fine pixel's entries: entries are ordered by nside-128 pixel then fine key, that is by fine
    /// NESTED pixel, so one counting pass over the keys gives them.
    /// </summary>
    private static int[] FineTable(int fineOrder, int[] counts, uint[] entryKey)
    {
        var shift = 2 * (fineOrder - Order);
        var npix = counts.Length - 1;
        var start = new int[(12 << (2 * fineOrder)) + 1];
        for (var p = 0; p < npix; p++)
            for (var k = counts[p]; k < counts[p + 1]; k++)
                start[(((long)p << shift) | entryKey[k]) + 1]++;
        for (var f = 1; f < start.Length; f++) start[f] += start[f - 1];
        return start;
    }

    /// <summary>
    /// When most nside-128 pixels are occupied (large catalogs), their bitmap no longer rejects alerts, and each
    /// lookup would chase the offsets and keys of a half-gigabyte index through memory. A second bitmap at a finer order
    /// (<see cref="SummaryOrderFor"/>: sized by the entries, at most order 12, 25 MiB) rejects the alerts whose fine pixel
    /// is empty with one memory access. Not built when it would not reject most alerts. Each core marks the entries of a
    /// range of pixels (64 at a time, so that their bits start on a word and no word is written by two).
    /// </summary>
    private static (ulong[]? Bits, int Shift) Summary(int fineOrder, int[] counts, uint[] entryKey, ulong[] occupied, int npix)
    {
        if (!Worth(fineOrder, counts, occupied, npix)) return (null, 0);
        var summaryOrder = SummaryOrderFor(fineOrder, counts[npix]);
        var keyShift = 2 * (fineOrder - summaryOrder);          // fine key -> summary sub-pixel
        var subShift = 2 * (summaryOrder - Order);              // coarse pixel -> first summary pixel
        var bits = new ulong[(12L << (2 * summaryOrder)) / 64];
        var ranges = CoreRanges.Count(counts[npix]);
        var setBy = new long[ranges];
        CoreRanges.Run(npix / 64, ranges, (r, firstGroup, endGroup) =>
        {
            long set = 0;
            for (var p = firstGroup * 64; p < endGroup * 64; p++)
                for (var k = counts[p]; k < counts[p + 1]; k++)
                {
                    var summary = ((long)p << subShift) | (entryKey[k] >> keyShift);
                    ref var word = ref bits[summary >> 6];
                    var mask = 1UL << (int)(summary & 63);
                    if ((word & mask) == 0) set++;
                    word |= mask;
                }
            setBy[r] = set;
        });
        long setBits = 0;
        foreach (var set in setBy) setBits += set;
        return Decided((bits, keyShift, setBits), fineOrder, counts, occupied, npix);
    }

    // A summary marked (its bits, shift and bits set) kept only where it rejects most alerts the occupied pixels keep.
    private static (ulong[]? Bits, int Shift) Decided((ulong[]? Bits, int Shift, long Set) summary, int fineOrder, int[] counts, ulong[] occupied, int npix) =>
        summary.Bits is { } bits && Worth(fineOrder, counts, occupied, npix) && summary.Set * 2 <= bits.LongLength * 64 ? (bits, summary.Shift) : (null, 0);

    // Worth it once a typical occupied pixel holds several entries (a binary search of a few cache lines).
    private static bool Worth(int fineOrder, int[] counts, ulong[] occupied, int npix)
    {
        // A loop rather than Enumerable.Sum, which would be JIT-compiled at every start (not in the ReadyToRun image).
        long occupiedPixels = 0;
        foreach (var word in occupied) occupiedPixels += System.Numerics.BitOperations.PopCount(word);
        return fineOrder != Order && counts[npix] >= 4L * occupiedPixels;
    }

    // Summary bits per entry: about one summary pixel in eight holds an entry.
    private const int SummaryBitsPerEntry = 8;

    /// <summary>
    /// The summary's order: the coarsest (from nside 128) with at least <see cref="SummaryBitsPerEntry"/> pixels per entry,
    /// at most the fine order and <see cref="MaxSummaryOrder"/>. Sized by the entries rather than fixed at order 12 (25 MiB,
    /// 26 bytes per source for 1 M sources at 1.5": order 11, 6 MiB, 3 % of its bits set; 10 M sources still order 12).
    /// </summary>
    internal static int SummaryOrderFor(int fineOrder, long entries)
    {
        var order = Order;
        while (order < Math.Min(fineOrder, MaxSummaryOrder) && (12L << (2 * order)) < SummaryBitsPerEntry * entries) order++;
        return order;
    }

    /// <summary>
    /// The finest order (at most 16) whose pixels are at least 8 radii wide, and never coarser than nside 128: a disc
    /// then touches 1-2 fine pixels (little duplication) while a fine pixel holds few sources. Dense catalogs at large
    /// radii (1 M sources at 60") would still put several sources in each such pixel: there the pixels may shrink to
    /// 4 radii (measured: 290 -> 166 ns per alert for 1 M sources at 60", for 30 % more entries).
    /// </summary>
    internal static int FineOrderFor(double radiusArcsec, int sourceCount = 0)
    {
        var order = Order;
        while (order < MaxFineOrder && PixelSizeArcsec(order + 1) >= 8 * radiusArcsec) order++;
        while (order < MaxFineOrder && PixelSizeArcsec(order + 1) >= 4 * radiusArcsec && sourceCount > (12L << (2 * order))) order++;
        return order;
    }

    // sqrt of the pixel area: 4 pi / (12 4^order) steradians.
    private static double PixelSizeArcsec(int order) => Math.Sqrt(Math.PI / 3) / (1 << order) * SkyVector.ArcsecPerRadian;

    /// <summary>
    /// Stable sort of a pixel's entries by key (they arrive in catalog order, which ties keep), their sources and
    /// vectors (when not empty) following: a pixel's entries (tens) are sorted as key and place, then put in that order.
    /// </summary>
    private static void SortByKey(Span<uint> keys, Span<int> sources, Span<SkyVector> vectors, PixelSortScratch scratch)
    {
        if (keys.Length < 2) return;
        var sorted = true;
        for (var k = 1; k < keys.Length && sorted; k++) sorted = keys[k - 1] <= keys[k];
        if (sorted) return;
        var order = scratch.Order(keys.Length);
        for (var k = 0; k < keys.Length; k++) order[k] = ((ulong)keys[k] << 32) | (uint)k;
        order.Sort();
        var oldSources = scratch.CopyOf(sources);
        var oldVectors = scratch.CopyOf(vectors);
        for (var k = 0; k < keys.Length; k++)
        {
            var from = (int)(uint)order[k];
            keys[k] = (uint)(order[k] >> 32);
            sources[k] = oldSources[from];
        }
        for (var k = 0; k < keys.Length; k++) vectors[k] = oldVectors[(int)(uint)order[k]];
    }

    /// <summary>One core's buffers for <see cref="SortByKey"/>, grown to the largest pixel met.</summary>
    private sealed class PixelSortScratch
    {
        private ulong[] _order = new ulong[256];
        private int[] _sources = new int[256];
        private SkyVector[] _vectors = new SkyVector[256];

        public Span<ulong> Order(int length)
        {
            if (_order.Length < length) _order = new ulong[Math.Max(length, 2 * _order.Length)];
            return _order.AsSpan(0, length);
        }

        public ReadOnlySpan<int> CopyOf(ReadOnlySpan<int> sources) => CopyInto(ref _sources, sources);

        public ReadOnlySpan<SkyVector> CopyOf(ReadOnlySpan<SkyVector> vectors) => CopyInto(ref _vectors, vectors);

        private static ReadOnlySpan<T> CopyInto<T>(ref T[] buffer, ReadOnlySpan<T> items)
        {
            if (buffer.Length < items.Length) buffer = new T[Math.Max(items.Length, 2 * buffer.Length)];
            items.CopyTo(buffer);
            return buffer.AsSpan(0, items.Length);
        }
    }

    /// <summary>
    /// The entries registered in an nside-128 pixel: source indices and their unit vectors, ordered by fine sub-pixel
    /// and then catalog order (a source whose disc touches several sub-pixels appears once per sub-pixel). Where the
    /// entries carry no vectors (<see cref="VectorsBySource"/>), a fresh array of them (for tests and tools: the matcher
    /// takes the sources' vectors itself).
    /// </summary>
    public void Lookup(long pixel, out ReadOnlySpan<int> sources, out ReadOnlySpan<SkyVector> vectors)
    {
        var start = _pixelStart[pixel];
        var length = _pixelStart[pixel + 1] - start;
        sources = _entrySource.AsSpan(start, length);
        if (_bySource is null) vectors = _entryVector.AsSpan(start, length);
        else
        {
            var computed = new SkyVector[length];
            _bySource.Of(sources, computed);
            vectors = computed;
        }
    }

    /// <summary>
    /// The entries that can match an alert in fine pixel <paramref name="finePixel"/> (NESTED, at <see cref="FineOrder"/>),
    /// in catalog order: an empty range when its nside-128 pixel holds nothing. Returns the count.
    /// </summary>
    internal int LookupFine(long finePixel, out int start)
    {
        if (_fineStart is { } table)
        {
            start = table[finePixel];
            return table[finePixel + 1] - start;
        }
        start = 0;
        if (!MayHaveEntries(finePixel, out var pixel)) return 0;
        int lo = _pixelStart[pixel], hi = _pixelStart[pixel + 1];
        var key = (uint)(finePixel & ((1L << _fineShift) - 1));
        var keys = _entryKey;
        // Lower bound of the key, then the run of equal keys (usually 0 or 1 entries).
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (keys[mid] < key) lo = mid + 1;
            else hi = mid;
        }
        start = lo;
        var end = lo;
        var stop = _pixelStart[pixel + 1];
        while (end < stop && keys[end] == key) end++;
        return end - start;
    }

    /// <summary>
    /// False when the fine pixel's nside-128 pixel holds no entry, or, where the fine-order summary is kept, the fine
    /// pixel itself holds none: the lookup is then empty without a search.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool MayHaveEntries(long finePixel, out long pixel)
    {
        pixel = finePixel >> _fineShift;
        if ((_occupied[pixel >> 6] & (1UL << (int)(pixel & 63))) == 0) return false;
        if (_fineOccupied is not { } summary) return true;
        var sub = finePixel >> _summaryShift;
        return (summary[sub >> 6] & (1UL << (int)(sub & 63))) != 0;
    }

    /// <summary>
    /// First of two prefetch stages ahead of <see cref="LookupFine"/>, for a block of alerts at a time so that their
    /// cache misses overlap instead of following one another: the direct table's offsets of this fine pixel, or the
    /// nside-128 pixel's offsets and its fine-occupancy word. The direct table's prefetch alone: 10 M sources at 60",
    /// 78-81 -> 70-72 ns per alert; 1 M, 22-23 -> 21 ns; 75 k, 16 -> 13-15 ns (<c>bench/run.sh match</c>, two runs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void PrefetchOffsets(long finePixel)
    {
        if (!Sse.IsSupported) return;
        if (_fineStart is { } table)
        {
            Prefetch(table, finePixel);
            return;
        }
        var pixel = finePixel >> _fineShift;
        if ((_occupied[pixel >> 6] & (1UL << (int)(pixel & 63))) == 0) return;
        Prefetch(_pixelStart, pixel);
        if (_fineOccupied is { } summary) Prefetch(summary, finePixel >> _summaryShift >> 6);
    }

    /// <summary>
    /// Second stage, once the offsets of <see cref="PrefetchOffsets"/> have arrived: the fine keys of the nside-128
    /// pixel (up to 1 KiB), which the binary search of <see cref="LookupFine"/> would otherwise fetch a cache miss at a
    /// time. A small gain: against the direct table's prefetch alone, <c>bench/run.sh match</c> in three alternating
    /// pairs (medians of 9, ns per alert): 1 M sources at 16.43" 13.3 / 14.2 / 12.1 -> 13.0 / 11.7 / 10.9, at 1.5" 10.0
    /// / 7.9 / 8.4 -> 9.0 / 7.2 / 6.6; 10 M at 5.2" 22.8 / 22.5 / 21.8 -> 21.2 each time; the other configurations
    /// unchanged within the noise (10 M sources spend 15 of their ~21 ns in the cell mask, before the index).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal unsafe void PrefetchKeys(long finePixel)
    {
        if (_fineStart is not null || !Sse.IsSupported || !MayHaveEntries(finePixel, out var pixel)) return;
        int lo = _pixelStart[pixel], hi = Math.Min(_pixelStart[pixel + 1], _pixelStart[pixel] + 256);
        ref var keys = ref MemoryMarshal.GetArrayDataReference(_entryKey);
        var first = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref keys, lo));
        var last = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref keys, hi)) - 1;
        for (var line = (byte*)((nuint)first & ~(nuint)63); line <= last; line += 64) Sse.Prefetch0(line);
    }

    // Not pinned: a prefetch never faults, and one at an address the GC has just moved only misses.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch<T>(T[] array, long index) where T : unmanaged =>
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), (nint)index)));

    internal ReadOnlySpan<int> EntrySources => _entrySource;
    internal ReadOnlySpan<SkyVector> EntryVectors => _entryVector;

    /// <summary>Approximate memory held by the index, for reports.</summary>
    public long MemoryBytes => _pixelStart.Length * 4L + _occupied.Length * 8L + (_fineOccupied?.LongLength ?? 0) * 8L + (_fineStart?.LongLength ?? 0) * 4L
        + _entryKey.Length * 4L + (CellMask?.MemoryBytes ?? 0) + _entrySource.Length * 4L + _entryVector.Length * 24L + (_bySource?.MemoryBytes ?? 0);
}
