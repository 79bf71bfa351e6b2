using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FinkXmatch.Core.Os;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// A bitmap over an equirectangular RA/Dec grid (cells 2^-k degree on a side) with a bit set for every cell that
/// some source's disc of the match radius can reach. Locating an alert's cell takes two multiplications and no
/// trigonometry, so the matcher rejects most alerts of a sparse catalog before its <c>ang2pix</c> (cos, fmod and the
/// lookup's cache misses: 47 % of a 75 k-source benchmark scan before the mask, 16 % after).
/// Conservative by construction: an alert within the radius of a source lies in one of the cells marked for it
/// (|ΔDec| ≤ distance, and |ΔRA| ≤ asin(sin r / cos δ) away from the poles), with a margin for rounding.
/// </summary>
internal sealed partial class SkyCellMask
{
    // 1/128 degree: 46,080 x 23,040 cells, 127 MiB, for dense catalogs only (10 M sources at 1.5"): at 1/64 degree
    // (32 MiB) 4.2 % of the cells were marked instead of 1.2 %, and the extra survivors' index lookups cost more than the
    // larger mask (match stage 26 -> 22 ns per alert at 1.5", 113 -> 94 at 60"; bench/run.sh match, two runs each).
    private const int MaxCellsPerDegreeLog2 = 7;
    private const double TargetOccupancy = 0.04;        // finer grids until about this share of cells is marked
    private const double MaxOccupancy = 0.5;            // no mask when even the finest grid would not reject half

    private const long SmallMaskBytes = 4L << 20;       // below this, HugePages.Prefer holds no whole 2 MiB page

    private readonly ulong[] _bits;
    private readonly double _scale;                     // cells per degree
    private readonly int _width;                        // cells in RA
    private readonly int _height;                       // cells in Dec

    private SkyCellMask(int log2)
    {
        _scale = 1 << log2;
        _width = 360 << log2;
        _height = 180 << log2;
        _bits = new ulong[((long)_width * _height + 63) / 64];
        HugePages.Prefer(_bits);
        // Marked all over (a catalog's sources, a night's alerts): a mask too small for Prefer's 2 MiB pages has its
        // pages mapped at once (at most 4 MiB more than a sparse marking would touch); a larger one faults per 2 MiB.
        if (_bits.LongLength * sizeof(ulong) < SmallMaskBytes) FreshPages.Populate(_bits.AsSpan());
    }

    /// <summary>Cells per degree (a power of two).</summary>
    public double CellsPerDegree => _scale;

    /// <summary>The bitmap's bytes and its fine layer's.</summary>
    public long MemoryBytes => _bits.LongLength * 8 + (Volatile.Read(ref _fine)?.MemoryBytes ?? 0);

    /// <summary>The bitmap, for tests comparing builds.</summary>
    internal ReadOnlySpan<ulong> Bits => _bits;

    /// <summary>
    /// The mask for sources at (raDeg, decDeg) and radius, at the coarsest grid where about <see cref="TargetOccupancy"/>
    /// of the cells are marked; null when no grid would reject most alerts (dense catalogs at large radii).
    /// </summary>
    public static SkyCellMask? Build(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec) =>
        Build(raDeg, decDeg, radiusArcsec, withFineLayer: true);

    /// <summary>The same, without its fine layer when <paramref name="withFineLayer"/> is false (added later: <see cref="AddFineLayer"/>).</summary>
    internal static SkyCellMask? Build(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec, bool withFineLayer)
    {
        var margin = Margin(radiusArcsec);
        // Cells per source ~ (2 m s + 1)^2 at s cells per degree; overlaps only lower the share.
        var log2 = 0;
        var sources = raDeg.Length;
        double Share(int k) => sources * Math.Pow(2 * margin * (1 << k) + 1, 2) / (360.0 * 180 * (1L << (2 * k)));
        while (log2 < MaxCellsPerDegreeLog2 && Share(log2) > TargetOccupancy) log2++;
        if (Share(log2) > MaxOccupancy) return null;
        var mask = BuildAt(log2, raDeg, decDeg, radiusArcsec);
        if (withFineLayer) mask.AddFineLayer(raDeg, decDeg, radiusArcsec);
        return mask;
    }

    /// <summary>The mask on a grid of 2^<paramref name="log2"/> cells per degree (0..7).</summary>
    internal static SkyCellMask BuildAt(int log2, ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)log2, (uint)MaxCellsPerDegreeLog2, nameof(log2));
        var margin = Margin(radiusArcsec);
        var mask = new SkyCellMask(log2);
        mask.MarkAll(raDeg, decDeg, margin);
        HugePages.Advise(mask._bits);
        return mask;
    }

    /// <summary>
    /// An empty mask on a grid of 2^<paramref name="log2"/> cells per degree, to be marked a batch of positions at a time
    /// (<see cref="Mark(ReadOnlySpan{double}, ReadOnlySpan{double}, double, double[])"/>): the reach of a job's alerts.
    /// </summary>
    internal static SkyCellMask Empty(int log2)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)log2, (uint)MaxCellsPerDegreeLog2, nameof(log2));
        return new SkyCellMask(log2);
    }

    /// <summary>
    /// This mask on a coarser grid of 2^<paramref name="log2"/> cells per degree, a cell marked when any of its cells
    /// here is: a position's cell there holds its cell here (both scales are powers of two, so the products are exact
    /// and the truncated coarse index is the fine one divided), so it rejects nothing this mask keeps.
    /// </summary>
    internal SkyCellMask Coarsened(int log2)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(1 << log2, _scale, nameof(log2));
        var coarse = new SkyCellMask(log2);
        var factor = (int)(_scale / coarse._scale);
        if (Bmi2.X64.IsSupported && _width % 64 == 0 && factor <= 64) coarse.OrRowsOf(this, factor);
        else coarse.OrCellsOf(this, factor);
        return coarse;
    }

    // Each coarse row from its `factor` fine rows, a fine word at a time: the rows' words ORed (four words at once, most
    // are zero), each group of `factor` bits folded into its lowest one and those gathered (PEXT) into the coarse row's
    // 64 / factor bits. A sweep of the fine mask with no division per bit (the reach of one night, 8 MiB and ~260,000
    // bits set, took ~3 ms of CPU a bit at a time), on each core a range of coarse rows: ranges of 8 rows, whose bits
    // start on a word (8 x 360 x 2^k bits), so no word is written by two.
    private void OrRowsOf(SkyCellMask fine, int factor)
    {
        const int RowsPerBlock = 8;
        var blocks = (_height + RowsPerBlock - 1) / RowsPerBlock;
        var ranges = CoreRanges.Count((long)fine._bits.Length);
        CoreRanges.Run(blocks, ranges, (_, first, end) => OrRowsOf(fine, factor, first * RowsPerBlock, Math.Min(end * RowsPerBlock, _height)));
    }

    private void OrRowsOf(SkyCellMask fine, int factor, int firstRow, int endRow)
    {
        var wordsPerRow = fine._width / 64;
        var groupBits = 64 / factor;
        var lowest = 0UL;
        for (var b = 0; b < 64; b += factor) lowest |= 1UL << b;
        ref var bits = ref MemoryMarshal.GetArrayDataReference(fine._bits);
        for (var row = firstRow; row < endRow; row++)
        {
            var rowBit = (long)row * _width;
            ref var fineRow = ref Unsafe.Add(ref bits, (nint)((long)row * factor * wordsPerRow));
            var w = 0;
            for (; w < wordsPerRow; w += 4)
            {
                var quad = Vector256<ulong>.Zero;
                if (w + 4 <= wordsPerRow)
                {
                    for (var k = 0; k < factor; k++) quad |= Vector256.LoadUnsafe(ref fineRow, (nuint)(k * wordsPerRow + w));
                    if (quad == Vector256<ulong>.Zero) continue;
                }
                for (var q = w; q < Math.Min(w + 4, wordsPerRow); q++)
                {
                    var word = 0UL;
                    for (var k = 0; k < factor; k++) word |= Unsafe.Add(ref fineRow, k * wordsPerRow + q);
                    if (word == 0) continue;
                    for (var shift = 1; shift < factor; shift <<= 1) word |= word >> shift;
                    var group = Bmi2.X64.ParallelBitExtract(word, lowest);
                    var at = rowBit + (long)q * groupBits;
                    var offset = (int)(at & 63);
                    _bits[at >> 6] |= group << offset;
                    if (offset + groupBits > 64) _bits[(at >> 6) + 1] |= group >> (64 - offset);
                }
            }
        }
    }

    // The same a set bit at a time (any grid; the reference for OrRowsOf in tests).
    internal void OrCellsOf(SkyCellMask fine, int factor)
    {
        for (var w = 0; w < fine._bits.Length; w++)
            for (var word = fine._bits[w]; word != 0; word &= word - 1)
            {
                var cell = (long)w * 64 + BitOperations.TrailingZeroCount(word);
                var at = cell / fine._width / factor * _width + cell % fine._width / factor;
                _bits[at >> 6] |= 1UL << (int)at;
            }
    }

    /// <summary>The RA half-widths per row that <see cref="Mark(ReadOnlySpan{double}, ReadOnlySpan{double}, double, double[])"/> takes, for this radius.</summary>
    internal double[] HalfWidthsFor(double radiusArcsec) => RowHalfWidths(Margin(radiusArcsec));

    /// <summary>
    /// Marks the cells the discs of <paramref name="radiusArcsec"/> around these positions can reach, as for sources
    /// (positions not finite or off the sphere mark nothing). Safe from several threads at once (each bit is set with an
    /// atomic OR, only when it is not set yet), so that the threads reading a job's alerts mark them in parallel: under
    /// one lock, marking was most of that reading and ran on one core.
    /// </summary>
    internal void Mark(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double radiusArcsec, double[] rowHalfWidths)
    {
        var margin = Margin(radiusArcsec);
        for (var i = 0; i < raDeg.Length; i++)
        {
            // Positions come in no order, so each is a cache miss in a large mask: the word of the one a few places ahead
            // is fetched meanwhile.
            if (i + PrefetchDistance < raDeg.Length) PrefetchCell(raDeg[i + PrefetchDistance], decDeg[i + PrefetchDistance]);
            Mark(raDeg[i], decDeg[i], margin, rowHalfWidths, atomic: true);
        }
    }

    private const int PrefetchDistance = 16;

    /// <summary>
    /// Masks up to this size (32 cells per degree and coarser: 1 M sources at 1.5" and smaller catalogs) are marked in
    /// catalog order: they stay in the caches, where the band-ordered copies of the positions cost more than they
    /// save (1 M sources: ~45 -> ~27 ms of CPU, 75 k: ~2.1 -> ~1.4 ms; the same bits).
    /// </summary>
    private const long CatalogOrderMaxBytes = 16 << 20;

    /// <summary>Tests choose the order of marking on their thread (null: by the mask's size), to compare both.</summary>
    [ThreadStatic] internal static bool? InCatalogOrderForTests;

    // Sources in catalog order with Dec in (above, below), each mask word fetched a few sources ahead (as alerts are marked).
    private void MarkInOrder(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double margin, double[] rowHalfWidths, double above, double below)
    {
        for (var i = 0; i < raDeg.Length; i++)
        {
            if (i + PrefetchDistance < raDeg.Length) PrefetchCell(raDeg[i + PrefetchDistance], decDeg[i + PrefetchDistance]);
            if (decDeg[i] > above && decDeg[i] < below) Mark(raDeg[i], decDeg[i], margin, rowHalfWidths, atomic: false);
        }
    }

    /// <summary>
    /// <see cref="MarkInOrder"/> on two cores, each reading the whole catalog and marking the sources on its side of a Dec
    /// split (the median of a sample) whose rows stay at least one row away from the split's row, so that no word is
    /// written by both; the few near the split afterwards (1 M sources at 1.5": ~15 ms on one core).
    /// </summary>
    private unsafe void MarkInOrderByHalves(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double margin, double[] rowHalfWidths)
    {
        var split = SampleMedian(decDeg);
        var low = split - margin - 2 / _scale;
        var high = split + margin + 2 / _scale;
        var n = raDeg.Length;
        fixed (double* raAt = raDeg, decAt = decDeg)
        {
            nint ra = (nint)raAt, dec = (nint)decAt;
            ForkJoin.Run(2, half => MarkInOrder(new ReadOnlySpan<double>((double*)ra, n), new ReadOnlySpan<double>((double*)dec, n), margin, rowHalfWidths,
                half == 0 ? double.NegativeInfinity : high, half == 0 ? low : double.PositiveInfinity));
        }
        for (var i = 0; i < n; i++)
            if (decDeg[i] >= low && decDeg[i] <= high) Mark(raDeg[i], decDeg[i], margin, rowHalfWidths, atomic: false);
    }

    // The median Dec of about 1,000 sources spread over the catalog (0 when none is a number).
    private static double SampleMedian(ReadOnlySpan<double> decDeg)
    {
        var step = Math.Max(1, decDeg.Length / 1024);
        var sample = new List<double>(decDeg.Length / step + 1);
        for (var i = 0; i < decDeg.Length; i += step)
            if (decDeg[i] >= -90 && decDeg[i] <= 90) sample.Add(decDeg[i]);
        if (sample.Count == 0) return 0;
        sample.Sort();
        return sample[sample.Count / 2];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchCell(double raDeg, double decDeg)
    {
        if (!Sse.IsSupported || !(raDeg >= 0 && raDeg < 360 && decDeg >= -90 && decDeg <= 90)) return;
        var cell = (long)Row(decDeg) * _width + Column(raDeg);
        // Not pinned: a prefetch never faults, and one at an address the GC has just moved only misses.
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bits), (nint)(cell >> 6))));
    }

    /// <summary>Share of the cells marked (0..1).</summary>
    internal double MarkedShare
    {
        get
        {
            long set = 0;
            foreach (var word in _bits) set += BitOperations.PopCount(word);
            return (double)set / ((long)_width * _height);
        }
    }

    /// <summary>
    /// Marks every source: in catalog order for a mask that stays in the caches, otherwise in Dec band order. Then a
    /// large catalog is split at the median Dec between two cores: each marks the sources of its half whose rows stay at
    /// least one row away from the split's row (so that no 64-bit word is written by both: a row is at least 360 bits
    /// wide), and the few sources near the split are marked afterwards.
    /// </summary>
    private void MarkAll(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, double margin)
    {
        var widths = RowHalfWidths(margin);
        if (InCatalogOrderForTests ?? _bits.LongLength * sizeof(ulong) <= CatalogOrderMaxBytes)
        {
            if (CoreRanges.Count(raDeg.Length) < 2) MarkInOrder(raDeg, decDeg, margin, widths, double.NegativeInfinity, double.PositiveInfinity);
            else MarkInOrderByHalves(raDeg, decDeg, margin, widths);
            return;
        }
        var (ra, dec) = ByDecBand(raDeg, decDeg);
        var count = ra.Length;
        if (CoreRanges.Count(count) < 2)
        {
            for (var k = 0; k < count; k++) Mark(ra[k], dec[k], margin, widths, atomic: false);
            return;
        }
        var mid = count / 2;
        var split = dec[mid];
        // Thread 0 reaches rows up to Row(split - 2 rows), thread 1 from Row(split + 2 rows): row Row(split) lies between.
        var low = split - margin - 2 / _scale;
        var high = split + margin + 2 / _scale;
        ForkJoin.Run(2, half =>
        {
            if (half == 0) { for (var k = 0; k < mid; k++) if (dec[k] < low) Mark(ra[k], dec[k], margin, widths, atomic: false); }
            else { for (var k = mid; k < count; k++) if (dec[k] > high) Mark(ra[k], dec[k], margin, widths, atomic: false); }
        });
        for (var k = 0; k < count; k++)
            if (k < mid ? dec[k] >= low : dec[k] <= high) Mark(ra[k], dec[k], margin, widths, atomic: false);
    }

    /// <summary>
    /// The positions that can be marked (finite RA, Dec in [-90, 90]; Mark skips the others) copied in Dec band order
    /// (a counting sort into 1,024 bands), so that marking walks the mask band by band and reads the positions in
    /// order: in catalog order each source's rows were cache misses in a 127 MiB mask (10 M sources at 60", two builds
    /// each: 9.1-9.2 -> 8.1-8.4 s for the whole index), and reading the positions through a band-ordered list of
    /// indices was a cache miss per source too. Both cores take part (10 M sources at 1.5": ~0.09 s on one core).
    /// </summary>
    private static unsafe (double[] Ra, double[] Dec) ByDecBand(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg)
    {
        const int Bands = 1024;
        // Each core counts, then copies, a range of the catalog: its positions of each band after the ranges' before it.
        var ranges = CoreRanges.Count(decDeg.Length);
        var next = new int[ranges][];
        fixed (double* raAt = raDeg, decAt = decDeg)
        {
            nint raPointer = (nint)raAt, decPointer = (nint)decAt;
            CoreRanges.Run(decDeg.Length, ranges, (r, first, end) =>
            {
                var counts = new int[Bands + 1];
                for (var i = first; i < end; i++) counts[Band(((double*)raPointer)[i], ((double*)decPointer)[i])]++;
                next[r] = counts;
            });
            var at = 0;
            for (var band = 0; band < Bands; band++)
                for (var r = 0; r < ranges; r++) (next[r][band], at) = (at, at + next[r][band]);
            var ra = GC.AllocateUninitializedArray<double>(at);
            var dec = GC.AllocateUninitializedArray<double>(at);
            CoreRanges.Run(decDeg.Length, ranges, (r, first, end) =>
            {
                var slots = next[r];
                for (var i = first; i < end; i++)
                {
                    double raValue = ((double*)raPointer)[i], decValue = ((double*)decPointer)[i];
                    var band = Band(raValue, decValue);
                    if (band == Bands) continue;
                    var slot = slots[band]++;
                    ra[slot] = raValue;
                    dec[slot] = decValue;
                }
            });
            return (ra, dec);
        }

        static int Band(double ra, double dec) =>
            double.IsFinite(ra) && dec >= -90 && dec <= 90 ? Math.Min(Bands - 1, (int)((dec + 90) / 180 * Bands)) : Bands;
    }

    /// <summary>
    /// False when no source can be within the radius of (raDeg, decDeg); true otherwise, and for every position off
    /// the grid (RA outside [0, 360), Dec outside [-90, 90], not finite), which the exact path sorts out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayMatch(double raDeg, double decDeg)
    {
        if (!(raDeg >= 0 && raDeg < 360 && decDeg >= -90 && decDeg <= 90)) return true;
        var cell = (long)Row(decDeg) * _width + Column(raDeg);
        return (_bits[cell >> 6] & (1UL << (int)cell)) != 0;
    }

    /// <summary>
    /// Writes the indices of the alerts that <see cref="MayMatch"/> keeps into <paramref name="kept"/> (as long as the
    /// input) and returns their count. Eight alerts at a time with AVX2 where the processor has it.
    /// </summary>
    public int Filter(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, Span<int> kept)
    {
        var n = Math.Min(raDeg.Length, decDeg.Length);
        if (kept.Length < n) throw new ArgumentException("the output is shorter than the input", nameof(kept));
        var count = 0;
        var i = 0;
        if (Avx2.IsSupported) count = FilterAvx2(raDeg[..n], decDeg[..n], kept, out i);
        for (; i < n; i++)
        {
            kept[count] = i;
            count += MayMatch(raDeg[i], decDeg[i]) ? 1 : 0;
        }
        return count;
    }

    /// <summary>
    /// Keeps, in place, the <paramref name="rows"/> of (raDeg, decDeg) that <see cref="MayMatch"/> keeps, and returns
    /// their count: those a coarser mask kept (<see cref="Coarsened"/>), each a cache miss here, so the word of the one a
    /// few places ahead is fetched meanwhile.
    /// </summary>
    internal int Refine(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, Span<int> rows)
    {
        var kept = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            if (k + PrefetchDistance < rows.Length) PrefetchCell(raDeg[rows[k + PrefetchDistance]], decDeg[rows[k + PrefetchDistance]]);
            var row = rows[k];
            if (MayMatch(raDeg[row], decDeg[row])) rows[kept++] = row;
        }
        return kept;
    }

    /// <summary>The same as <see cref="Filter"/> one alert at a time (the reference for the vector path).</summary>
    internal int FilterScalar(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, Span<int> kept)
    {
        var count = 0;
        for (var i = 0; i < raDeg.Length; i++)
        {
            kept[count] = i;
            count += MayMatch(raDeg[i], decDeg[i]) ? 1 : 0;
        }
        return count;
    }

    // For each 8-bit mask of kept lanes, their indices first (then zeros), a byte each: 256 x 8 bytes.
    private static readonly ulong[] PackedLanes = PackLanes();

    private static ulong[] PackLanes()
    {
        var table = new ulong[256];
        for (var mask = 0; mask < 256; mask++)
            for (int lane = 0, k = 0; lane < 8; lane++)
                if ((mask & (1 << lane)) != 0) table[mask] |= (ulong)lane << (8 * k++);
        return table;
    }

    // The same arithmetic as MayMatch, eight alerts at a time: cell indices fit in 32 bits (at most 46,080 x 23,040
    // cells), so the eight cells' bits come from one gather of 32-bit words (bit c of the mask is bit c % 32 of its
    // word c / 32, little-endian). Two gathers of four 64-bit words took ~35 % longer per alert (75 k sources at 1.5":
    // 1.51 -> 1.11 ns, a 506 KiB mask in L2, native code).
    private unsafe int FilterAvx2(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, Span<int> kept, out int done)
    {
        var count = 0;
        var zero = Vector256<double>.Zero;
        var fullCircle = Vector256.Create(360.0);
        var south = Vector256.Create(-90.0);
        var north = Vector256.Create(90.0);
        var quarter = Vector256.Create(90.0);
        var scale = Vector256.Create(_scale);
        var lastRow = Vector256.Create(_height - 1);
        var lastColumn = Vector256.Create(_width - 1);
        var width = Vector256.Create(_width);
        var low5 = Vector256.Create(31u);
        var one = Vector256.Create(1u);
        ref var ra = ref MemoryMarshal.GetReference(raDeg);
        ref var dec = ref MemoryMarshal.GetReference(decDeg);
        ref var packed = ref MemoryMarshal.GetArrayDataReference(PackedLanes);
        var i = 0;
        fixed (ulong* bits = _bits)
            for (; i + 8 <= raDeg.Length; i += 8)
            {
                var r0 = Vector256.LoadUnsafe(ref ra, (nuint)i);
                var r1 = Vector256.LoadUnsafe(ref ra, (nuint)i + 4);
                var d0 = Vector256.LoadUnsafe(ref dec, (nuint)i);
                var d1 = Vector256.LoadUnsafe(ref dec, (nuint)i + 4);
                // Off-grid lanes (NaN compares false) are kept for the exact path; they look up cell 0 meanwhile.
                var onGrid0 = Avx.CompareGreaterThanOrEqual(r0, zero) & Avx.CompareLessThan(r0, fullCircle)
                    & Avx.CompareGreaterThanOrEqual(d0, south) & Avx.CompareLessThanOrEqual(d0, north);
                var onGrid1 = Avx.CompareGreaterThanOrEqual(r1, zero) & Avx.CompareLessThan(r1, fullCircle)
                    & Avx.CompareGreaterThanOrEqual(d1, south) & Avx.CompareLessThanOrEqual(d1, north);
                r0 = Avx.BlendVariable(zero, r0, onGrid0);
                r1 = Avx.BlendVariable(zero, r1, onGrid1);
                d0 = Avx.BlendVariable(south, d0, onGrid0);
                d1 = Avx.BlendVariable(south, d1, onGrid1);
                var row = Vector256.Create(
                    Avx.ConvertToVector128Int32WithTruncation(Avx.Multiply(Avx.Add(d0, quarter), scale)),
                    Avx.ConvertToVector128Int32WithTruncation(Avx.Multiply(Avx.Add(d1, quarter), scale)));
                var column = Vector256.Create(
                    Avx.ConvertToVector128Int32WithTruncation(Avx.Multiply(r0, scale)),
                    Avx.ConvertToVector128Int32WithTruncation(Avx.Multiply(r1, scale)));
                var cell = Avx2.Add(Avx2.MultiplyLow(Avx2.Min(row, lastRow), width), Avx2.Min(column, lastColumn)).AsUInt32();
                var words = Avx2.GatherVector256((uint*)bits, Avx2.ShiftRightLogical(cell, 5).AsInt32(), 4);
                var set = Avx2.CompareEqual(Avx2.And(Avx2.ShiftRightLogicalVariable(words, Avx2.And(cell, low5)), one), one);
                var onGrid = (uint)Avx.MoveMask(onGrid0) | ((uint)Avx.MoveMask(onGrid1) << 4);
                var keep = (uint)Avx.MoveMask(set.AsSingle()) | (onGrid ^ 0xFF);
                // The kept lanes' indices unpacked from the table and stored whole, the count moved by how many: no branch
                // on which alerts were kept. count <= i, so the eight ints fit.
                var lanes = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.Add(ref packed, (nint)keep)).AsByte());
                Avx2.Add(Vector256.Create(i), lanes).StoreUnsafe(ref MemoryMarshal.GetReference(kept), (nuint)count);
                count += BitOperations.PopCount(keep);
            }
        done = i;
        return count;
    }

    // Half-width of the marked band in degrees: the radius plus room for rounding in degree conversions.
    private static double Margin(double radiusArcsec) => radiusArcsec / 3600.0 * (1 + 1e-6) + 1e-9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Row(double decDeg) => Math.Min(_height - 1, (int)((decDeg + 90) * _scale));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Column(double raDeg) => ColumnOf(raDeg, _scale, _width);

    /// <summary>
    /// The RA half-width of a small circle of radius <paramref name="margin"/>, asin(sin r / cos δ), for the source
    /// farthest from the equator each row can hold (|δ| at the row's outer edge, and a little more for the rounding
    /// of <see cref="Row"/>): one value per row, so that marking a source takes no trigonometry (three calls per
    /// source were most of the marking's time). 180 where the circle can reach a pole.
    /// </summary>
    private double[] RowHalfWidths(double margin)
    {
        var widths = new double[_height];
        var sinMargin = Math.Sin(margin * Math.PI / 180);
        for (var row = 0; row < _height; row++)
        {
            var farthest = Math.Max(Math.Abs(row / _scale - 90), Math.Abs((row + 1) / _scale - 90)) + 1e-9;
            var sinRatio = sinMargin / Math.Cos(Math.Min(90, farthest) * Math.PI / 180);
            widths[row] = sinRatio < 1 ? Math.Asin(sinRatio) * 180 / Math.PI * (1 + 1e-6) + 1e-9 : 180.0;
        }
        return widths;
    }

    private void Mark(double raDeg, double decDeg, double margin, double[] rowHalfWidths, bool atomic)
    {
        if (!double.IsFinite(raDeg) || !(decDeg >= -90 && decDeg <= 90)) return;    // such sources never match
        var low = decDeg - margin;
        var high = decDeg + margin;
        var firstRow = Row(Math.Max(low, -90));
        var lastRow = Row(Math.Min(high, 90));
        var ra = WrappedRa(raDeg);
        // A circle around a pole spans every RA.
        var halfWidth = low <= -90 || high >= 90 ? 180.0 : rowHalfWidths[Row(decDeg)];
        if (halfWidth >= 180)
        {
            for (var row = firstRow; row <= lastRow; row++) SetColumns(row, 0, _width - 1, atomic);
            return;
        }
        // The same columns in every row: found once per source.
        var ranges = ColumnRanges(ra, halfWidth, _scale, _width, out var first, out var last, out var wrappedLast);
        for (var row = firstRow; row <= lastRow; row++)
        {
            SetColumns(row, first, last, atomic);
            if (ranges == 2) SetColumns(row, 0, wrappedLast, atomic);
        }
    }

    // RA in [0, 360), as the grids take it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WrappedRa(double raDeg)
    {
        var ra = raDeg;
        if (!(ra >= 0 && ra < 360))
        {
            ra %= 360;
            if (ra < 0) ra += 360;
            if (ra >= 360) ra = 0;
        }
        return ra;
    }

    /// <summary>
    /// The columns (of a grid of <paramref name="scale"/> cells per degree, <paramref name="width"/> in RA) within
    /// <paramref name="halfWidth"/> &lt; 180 of <paramref name="ra"/>: first..last, and 0..wrappedLast when they cross RA
    /// 0 (returns 2; else 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ColumnRanges(double ra, double halfWidth, double scale, int width, out int first, out int last, out int wrappedLast)
    {
        var west = ra - halfWidth;
        var east = ra + halfWidth;
        wrappedLast = -1;
        if (west < 0)
        {
            (first, last) = (ColumnOf(Math.Max(0, west + 360), scale, width), width - 1);
            wrappedLast = ColumnOf(east, scale, width);
            return 2;
        }
        if (east >= 360)
        {
            (first, last) = (ColumnOf(west, scale, width), width - 1);
            wrappedLast = ColumnOf(Math.Min(east - 360, 360), scale, width);
            return 2;
        }
        (first, last) = (ColumnOf(west, scale, width), ColumnOf(east, scale, width));
        return 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ColumnOf(double raDeg, double scale, int width) => Math.Min(width - 1, (int)(raDeg * scale));

    // The cells first..last of a row, a word at a time (a source's cells at 1.5" are one word, most often one bit).
    private void SetColumns(int row, int first, int last, bool atomic)
    {
        var start = (long)row * _width;
        for (long c = start + first, end = start + last; c <= end;)
        {
            var bit = (int)(c & 63);
            var count = (int)Math.Min(64 - bit, end - c + 1);
            var mask = (count == 64 ? ulong.MaxValue : (1UL << count) - 1) << bit;
            ref var word = ref _bits[c >> 6];
            if (!atomic) word |= mask;
            // A stale read only costs an OR that was not needed.
            else if ((word & mask) != mask) Interlocked.Or(ref word, mask);
            c += count;
        }
    }
}
