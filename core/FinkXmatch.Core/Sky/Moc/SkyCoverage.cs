using System.Numerics;

namespace FinkXmatch.Core.Sky.Moc;

/// <summary>
/// A region of the sky (a HEALPix MOC) normalised to one order as a bitmap of NESTED pixels, so membership is one
/// <see cref="Healpix.Ang2PixNest"/> and a bit test. At order 9 the bitmap is 12·4^9 bits = 384 KiB.
/// </summary>
public sealed class SkyCoverage
{
    /// <summary>Finest order kept as a bitmap (order 11: 6 MiB); finer MOCs are refused rather than approximated.</summary>
    public const int MaxBitmapOrder = 11;

    private const string ZtfResource = "FinkXmatch.Core.Sky.Moc.ztf_dr7_moc.json";
    private static readonly Lazy<SkyCoverage> ZtfCoverage = new(LoadZtf);

    private readonly ulong[] _bits;
    private readonly int _nside;
    private readonly long _npix;

    private SkyCoverage(int order, ulong[] bits)
    {
        Order = order;
        _nside = 1 << order;
        _npix = 12L << (2 * order);
        _bits = bits;
        long count = 0;
        foreach (ulong word in bits) count += BitOperations.PopCount(word);
        CoveredPixelCount = count;
    }

    /// <summary>The ZTF DR7 footprint (embedded MOC, orders 1..9), loaded once on first use.</summary>
    public static SkyCoverage Ztf => ZtfCoverage.Value;

    /// <summary>HEALPix order of the bitmap (the largest order of the source MOC).</summary>
    public int Order { get; }

    /// <summary>Number of covered NESTED pixels at <see cref="Order"/>.</summary>
    public long CoveredPixelCount { get; }

    /// <summary>Covered area as a fraction of the whole sky (covered area / 4π sr).</summary>
    public double SkyFraction => CoveredPixelCount / (double)_npix;

    /// <summary>Builds the coverage from the IVOA JSON MOC serialisation.</summary>
    /// <exception cref="MocFormatException">Invalid JSON MOC, or one finer than <see cref="MaxBitmapOrder"/>.</exception>
    public static SkyCoverage FromJson(ReadOnlySpan<byte> utf8Json) => FromCells(MocJson.Parse(utf8Json));

    /// <summary>Builds the coverage from cells per order (NESTED indices); overlapping or repeated cells count once.</summary>
    /// <exception cref="MocFormatException">An order outside 0..<see cref="MaxBitmapOrder"/> or an index outside its order.</exception>
    public static SkyCoverage FromCells(IReadOnlyDictionary<int, long[]> cellsByOrder)
    {
        int order = cellsByOrder.Count == 0 ? 0 : cellsByOrder.Keys.Max();
        if (cellsByOrder.Keys.Any(o => o < 0))
            throw new MocFormatException($"MOC orders must be in 0..{MocJson.MaxOrder}");
        if (order > MaxBitmapOrder)
            throw new MocFormatException($"MOC order {order} is finer than the supported {MaxBitmapOrder}");
        var bits = new ulong[WordsAt(order)];
        foreach (var (cellOrder, cells) in cellsByOrder)
        {
            int shift = 2 * (order - cellOrder);
            long npix = 12L << (2 * cellOrder);
            foreach (long cell in cells)
            {
                if (cell < 0 || cell >= npix)
                    throw new MocFormatException($"MOC order {cellOrder}: pixel index {cell} is outside 0..{npix - 1}");
                // A cell at a coarser order is the contiguous NESTED range of its descendants.
                SetRange(bits, cell << shift, (cell + 1) << shift);
            }
        }
        return new SkyCoverage(order, bits);
    }

    /// <summary>The coverage whose covered NESTED pixels at <paramref name="order"/> are the set bits of <paramref name="bits"/> (bit i of word w is pixel 64·w + i); the array is copied.</summary>
    /// <exception cref="ArgumentException">An order outside 0..<see cref="MaxBitmapOrder"/>, or not one word per 64 pixels of that order.</exception>
    public static SkyCoverage FromNestedBits(int order, ReadOnlySpan<ulong> bits)
    {
        if (order is < 0 or > MaxBitmapOrder)
            throw new ArgumentOutOfRangeException(nameof(order), order, $"order must be in 0..{MaxBitmapOrder}");
        long words = WordsAt(order);
        if (bits.Length != words)
            throw new ArgumentException($"order {order} needs {words} words of 64 pixels, got {bits.Length}", nameof(bits));
        var copy = bits.ToArray();
        // Order 0 has 12 pixels in one word: bits past them are not sky.
        if (order == 0) copy[0] &= (1UL << 12) - 1;
        return new SkyCoverage(order, copy);
    }

    /// <summary>The pixels covered by any of <paramref name="coverages"/>, all at one order (an empty sky at <paramref name="order"/> when there are none).</summary>
    /// <exception cref="ArgumentException">An order outside 0..<see cref="MaxBitmapOrder"/>, or a coverage at another order.</exception>
    public static SkyCoverage Union(IEnumerable<SkyCoverage> coverages, int order)
    {
        ArgumentNullException.ThrowIfNull(coverages);
        if (order is < 0 or > MaxBitmapOrder)
            throw new ArgumentOutOfRangeException(nameof(order), order, $"order must be in 0..{MaxBitmapOrder}");
        var bits = new ulong[WordsAt(order)];
        foreach (var coverage in coverages)
        {
            if (coverage.Order != order)
                throw new ArgumentException($"a coverage at order {coverage.Order} cannot join a union at order {order}", nameof(coverages));
            for (int w = 0; w < bits.Length; w++) bits[w] |= coverage._bits[w];
        }
        return new SkyCoverage(order, bits);
    }

    /// <summary>The covered NESTED pixels at <see cref="Order"/>, one bit each (as <see cref="FromNestedBits"/> takes them).</summary>
    public ReadOnlySpan<ulong> NestedBits => _bits;

    /// <summary>Whether the position lies in the region; false for a non-finite RA or a Dec outside [-90, 90].</summary>
    public bool Contains(double raDeg, double decDeg)
    {
        if (!double.IsFinite(raDeg) || !(decDeg >= -90.0 && decDeg <= 90.0)) return false;
        return ContainsPixel(Healpix.Ang2PixNest(_nside, raDeg, decDeg));
    }

    /// <summary>Whether a NESTED pixel at <see cref="Order"/> is covered.</summary>
    public bool ContainsPixel(long ipix) =>
        (ulong)ipix < (ulong)_npix && (_bits[ipix >> 6] & (1UL << (int)(ipix & 63))) != 0;

    /// <summary>Number of positions inside the region.</summary>
    public int CountInside(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg)
    {
        if (raDeg.Length != decDeg.Length)
            throw new ArgumentException("RA and Dec must have the same length", nameof(decDeg));
        int inside = 0;
        for (int i = 0; i < raDeg.Length; i++)
            if (Contains(raDeg[i], decDeg[i])) inside++;
        return inside;
    }

    /// <summary>Fraction of the positions inside the region (0 for no positions).</summary>
    public double InsideFraction(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg) =>
        raDeg.Length == 0 ? 0.0 : CountInside(raDeg, decDeg) / (double)raDeg.Length;

    private static long WordsAt(int order) => ((12L << (2 * order)) + 63) / 64;

    private static void SetRange(ulong[] bits, long start, long end)
    {
        for (long i = start; i < end;)
        {
            int bit = (int)(i & 63);
            if (bit == 0 && end - i >= 64)
            {
                bits[i >> 6] = ulong.MaxValue;
                i += 64;
                continue;
            }
            bits[i >> 6] |= 1UL << bit;
            i++;
        }
    }

    private static SkyCoverage LoadZtf()
    {
        using var stream = typeof(SkyCoverage).Assembly.GetManifestResourceStream(ZtfResource)
            ?? throw new InvalidOperationException($"embedded resource {ZtfResource} is missing");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return FromJson(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
