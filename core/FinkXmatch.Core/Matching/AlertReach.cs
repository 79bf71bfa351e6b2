using System.Numerics;
using System.Runtime.Intrinsics;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// Where some alerts are, dilated by the match radius: the cells of an RA/Dec grid that an alert's disc of the radius
/// can reach (<see cref="SkyCellMask"/>, conservative by construction, as the matcher's pre-filter marks sources). A
/// source within the radius of an alert lies in one of that alert's cells, so a source whose cell is not marked can
/// match none of these alerts, and a catalog's index may leave it out (<see cref="Survivors"/>). The grid, not HEALPix
/// cells: placing a position takes two multiplications where a HEALPix cell takes a cosine and a modulo (measured on
/// 10 M sources: ~40 ns each, more than the whole grid test). Alerts may be added from several threads at once.
/// </summary>
public sealed class AlertReach
{
    /// <summary>The finest grid: 32 cells per degree (112″ cells, 66 M of them, an 8 MiB bitmap).</summary>
    public const int MaxCellsPerDegreeLog2 = 5;

    private const int Block = 4096;

    private readonly SkyCellMask _mask;
    private readonly double[] _halfWidths;
    // For the alerts near a catalog (ForCatalogCells): their cells as a fine layer in place of _mask (left empty), and
    // the catalog's mask whose rows' half-widths mark it.
    private readonly SkyCellMask.FineLayer? _near;
    private readonly SkyCellMask? _nearCatalog;
    private long _alerts;

    public AlertReach(double radiusArcsec) : this(radiusArcsec, MaxCellsPerDegreeLog2)
    {
    }

    /// <summary>
    /// The same on a grid of at most 2^<paramref name="maxCellsPerDegreeLog2"/> cells per degree: coarser grids keep more
    /// sources (the index grows), but a small mask costs less to allocate, mark and read than the 8 MiB one when few
    /// alerts are marked (<see cref="ForCatalogCells"/>).
    /// </summary>
    internal AlertReach(double radiusArcsec, int maxCellsPerDegreeLog2)
    {
        if (!(radiusArcsec > 0 && radiusArcsec <= MatchLimits.MaxRadiusArcsec))
            throw new ArgumentOutOfRangeException(nameof(radiusArcsec), radiusArcsec, MatchLimits.RadiusMessage);
        RadiusArcsec = radiusArcsec;
        _mask = SkyCellMask.Empty(Math.Clamp(maxCellsPerDegreeLog2, 0, CellsPerDegreeLog2For(radiusArcsec)));
        _halfWidths = _mask.HalfWidthsFor(radiusArcsec);
    }

    private AlertReach(double radiusArcsec, SkyCellMask catalogCells, SkyCellMask.FineLayer near)
    {
        RadiusArcsec = radiusArcsec;
        _mask = SkyCellMask.Empty(0);
        _near = near;
        _nearCatalog = catalogCells;
        _halfWidths = catalogCells.HalfWidthsFor(radiusArcsec);
    }

    public double RadiusArcsec { get; }

    /// <summary>
    /// The reach of the alerts in the cells of a catalog (<see cref="AddNear"/>), of which <paramref name="alerts"/> are
    /// read: when about as many as the catalog's cells' share of them fit a fine layer's table, their cells on a fine
    /// grid (<see cref="SkyCellMask.NewNearLayer"/>: no 2 MiB mask faulted in page by page, and the survivors only the
    /// sources within a few radii of them); otherwise a grid one step finer than the catalog's (a sparse catalog's cells
    /// are coarse): the alerts marked are those near a source, so the survivors are about as many as the alerts marked
    /// on the catalog's own grid, a quarter of the cells' area one step finer.
    /// Measured (native CLI, ZTF one night, 75 k sources, catalog grid 8 cells per degree; 16 instead of 32 here: a 2 MiB
    /// mask for the 8 MiB one, 1,895 survivors for 794): 1.5" 17.7 -> 15.3 ms wall, 21.3 -> 19.9 ms of CPU; 60" 18.6 ->
    /// 17.0 ms, 23.5 -> 21.5 ms. A denser catalog has a finer grid, and this one stays as fine as the radius allows.
    /// </summary>
    internal static AlertReach ForCatalogCells(double radiusArcsec, SkyCellMask catalogCells, long alerts)
    {
        var gridLog2 = BitOperations.Log2((uint)catalogCells.CellsPerDegree) + 1;
        return catalogCells.NewNearLayer(radiusArcsec, alerts * catalogCells.MarkedShare, Math.Min(gridLog2, CellsPerDegreeLog2For(radiusArcsec))) is { } near
            ? new AlertReach(radiusArcsec, catalogCells, near)
            : new AlertReach(radiusArcsec, gridLog2);
    }

    /// <summary>Cells per degree of the grid.</summary>
    public double CellsPerDegree => _near?.Scale ?? _mask.CellsPerDegree;

    /// <summary>Alerts added with a valid position.</summary>
    public long Alerts => Interlocked.Read(ref _alerts);

    /// <summary>Share of the grid's cells marked (0..1); for the alerts near a catalog, of its fine layer's table bits.</summary>
    public double MarkedShare => _near is not null ? SkyCellMask.FineTableShare(_near) : _mask.MarkedShare;

    /// <summary>
    /// About how many cells an alert's disc marks: (1 + 2 r / cell)², 1.05 at 1.5″, 4.3 at 60″. Both the reading of the
    /// alerts (marking) and the share of the catalog that survives grow with it, so the pruning rule weighs alerts by it.
    /// </summary>
    public static double CellsPerAlert(double radiusArcsec)
    {
        var cellArcsec = 3600.0 / (1 << CellsPerDegreeLog2For(radiusArcsec));
        var side = 1 + 2 * radiusArcsec / cellArcsec;
        return side * side;
    }

    /// <summary>
    /// The finest grid, at most <see cref="MaxCellsPerDegreeLog2"/>, whose cells are at least the radius high: a disc
    /// then marks a few cells (1 cell per degree at 3,600″, 4 at 600″, 32 up to 112″).
    /// </summary>
    internal static int CellsPerDegreeLog2For(double radiusArcsec)
    {
        var log2 = MaxCellsPerDegreeLog2;
        while (log2 > 0 && 3600.0 / (1 << log2) < radiusArcsec) log2--;
        return log2;
    }

    /// <summary>
    /// Marks the cells reached by the alerts at (raDeg[i], decDeg[i]); positions that are not finite or off the sphere
    /// (a null read as NaN) are nowhere and mark nothing. Safe to call from several threads at once, which mark in
    /// parallel (each bit set atomically): marking, a cache miss in the 8 MiB mask per alert and its first page faults,
    /// costs more than reading the positions (one ZTF night of 250,000 alerts: ~70 % of the reach's CPU), so under a
    /// lock per batch the second reading thread mostly waited.
    /// </summary>
    public void Add(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg)
    {
        if (raDeg.Length != decDeg.Length) throw new ArgumentException("ra and dec differ in length");
        if (_near is not null) throw new InvalidOperationException("the reach of the alerts near a catalog marks only those (AddNear)");
        _mask.Mark(raDeg, decDeg, RadiusArcsec, _halfWidths);
        Interlocked.Add(ref _alerts, ValidCount(raDeg, decDeg));
    }

    /// <summary>
    /// The same for alerts of which only those <paramref name="catalogCells"/> keeps are marked (<see cref="SkyCellMask.Filter"/>:
    /// the cells some source of the catalog can reach): the others are farther than the radius from every source, so
    /// their reach adds no source a match needs. Counted all the same. For a catalog smaller than the nights' alerts,
    /// whose mask (marked in catalog order, mostly in the caches) costs less than marking every alert in this one.
    /// Writes the rows marked into <paramref name="kept"/> (as long as the input), ascending, and returns their count.
    /// </summary>
    internal int AddNear(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, SkyCellMask catalogCells, Span<int> kept)
    {
        if (raDeg.Length != decDeg.Length) throw new ArgumentException("ra and dec differ in length");
        var count = catalogCells.Filter(raDeg, decDeg, kept);
        if (_near is not null)
        {
            if (catalogCells != _nearCatalog) throw new ArgumentException("not the catalog's cells this reach was made for", nameof(catalogCells));
            catalogCells.MarkNear(_near, raDeg, decDeg, kept[..count], RadiusArcsec, _halfWidths);
            Interlocked.Add(ref _alerts, ValidCount(raDeg, decDeg));
            return count;
        }
        var near = System.Buffers.ArrayPool<double>.Shared.Rent(2 * count);
        try
        {
            for (var k = 0; k < count; k++) (near[k], near[count + k]) = (raDeg[kept[k]], decDeg[kept[k]]);
            _mask.Mark(near.AsSpan(0, count), near.AsSpan(count, count), RadiusArcsec, _halfWidths);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(near);
        }
        Interlocked.Add(ref _alerts, ValidCount(raDeg, decDeg));
        return count;
    }

    // Four positions at a time where the processor has AVX (a night's 250,000 alerts, counted one at a time, were ~1 %
    // of a 75 k-source one-night job's CPU): RA finite (RA - RA is 0, NaN for infinities and NaN), Dec in [-90, 90].
    internal static long ValidCount(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg)
    {
        long valid = 0;
        var i = 0;
        if (System.Runtime.Intrinsics.X86.Avx.IsSupported)
        {
            var (south, north, zero) = (Vector256.Create(-90.0), Vector256.Create(90.0), Vector256<double>.Zero);
            for (; i + 4 <= raDeg.Length; i += 4)
            {
                var ra = Vector256.Create(raDeg.Slice(i, 4));
                var dec = Vector256.Create(decDeg.Slice(i, 4));
                var ok = Vector256.Equals(ra - ra, zero) & Vector256.GreaterThanOrEqual(dec, south) & Vector256.LessThanOrEqual(dec, north);
                valid += BitOperations.PopCount(ok.ExtractMostSignificantBits());
            }
        }
        for (; i < raDeg.Length; i++)
            if (double.IsFinite(raDeg[i]) && decDeg[i] >= -90.0 && decDeg[i] <= 90.0) valid++;
        return valid;
    }

    /// <summary>False when no alert added can be within the radius of (raDeg, decDeg): what <see cref="Survivors"/> keeps, one position at a time (tests).</summary>
    internal bool MayReach(double raDeg, double decDeg) => _near is not null ? SkyCellMask.MayMatchFine(_near, raDeg, decDeg) : _mask.MayMatch(raDeg, decDeg);

    /// <summary>
    /// The rows of the sources at (raDeg[i], decDeg[i]) whose cell is marked, ascending: every source that can lie
    /// within the radius of an alert added. Positions off the grid (none in a loaded catalog) are kept, so that the
    /// index decides about them as before. Each core takes a range of the catalog.
    /// </summary>
    public int[] Survivors(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg)
    {
        if (raDeg.Length != decDeg.Length) throw new ArgumentException("ra and dec differ in length");
        var n = raDeg.Length;
        var coarse = _near is null ? Coarse() : null;
        // A source's test against the near alerts' fine layer is a hashed table lookup (~5 ns): 75 k sources took ~0.4 ms
        // on one core while the other waited for the index that follows.
        var ranges = _near is not null ? CoreRanges.Count(n, NearSourcesPerRange) : CoreRanges.Count(n);
        var kept = new int[ranges][];
        var keptCount = new int[ranges];
        unsafe
        {
            fixed (double* raAt = raDeg, decAt = decDeg)
            {
                nint ra = (nint)raAt, dec = (nint)decAt;
                CoreRanges.Run(n, ranges, (r, first, end) =>
                {
                    // Grown as needed: survivors are usually a small share of the catalog.
                    var rows = new int[Math.Min(end - first, 1 << 16)];
                    var count = 0;
                    Span<int> block = stackalloc int[Block];
                    for (var start = first; start < end; start += Block)
                    {
                        var length = Math.Min(Block, end - start);
                        var blockRa = new ReadOnlySpan<double>((double*)ra + start, length);
                        var blockDec = new ReadOnlySpan<double>((double*)dec + start, length);
                        var found = _near is not null ? NearFilter(blockRa, blockDec, block) : (coarse ?? _mask).Filter(blockRa, blockDec, block);
                        if (coarse is not null) found = _mask.Refine(blockRa, blockDec, block[..found]);
                        if (rows.Length - count < found) Array.Resize(ref rows, Math.Min(end - first, Math.Max(2 * rows.Length, count + found)));
                        for (var k = 0; k < found; k++) rows[count++] = start + block[k];
                    }
                    kept[r] = rows;
                    keptCount[r] = count;
                });
            }
        }
        var total = 0;
        foreach (var count in keptCount) total += count;
        var survivors = GC.AllocateUninitializedArray<int>(total);
        var at = 0;
        for (var r = 0; r < ranges; r++)
        {
            kept[r].AsSpan(0, keptCount[r]).CopyTo(survivors.AsSpan(at));
            at += keptCount[r];
        }
        return survivors;
    }

    // Survivors of the near alerts' fine layer: on each core a range of at least so many sources.
    private const int NearSourcesPerRange = 1 << 14;

    // The sources the near alerts' fine layer keeps.
    private int NearFilter(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, Span<int> kept)
    {
        var count = 0;
        for (var i = 0; i < raDeg.Length; i++)
        {
            kept[count] = i;
            count += SkyCellMask.MayMatchFine(_near, raDeg[i], decDeg[i]) ? 1 : 0;
        }
        return count;
    }

    /// <summary>
    /// The grid four times coarser, when the mask is 2 MiB or more and a quarter of the coarse cells or fewer are
    /// marked (one night's alerts, not twenty): its 1/16 of the bits stay in the core's cache, where each source's word of
    /// the whole mask was a miss (10 M sources, one night: most of the filter's ~0.1 s of CPU), and only the sources
    /// it keeps look in the whole mask.
    /// </summary>
    private SkyCellMask? Coarse()
    {
        var log2 = BitOperations.Log2((uint)_mask.CellsPerDegree);
        if (log2 < 4) return null;
        var coarse = _mask.Coarsened(log2 - 2);
        return coarse.MarkedShare <= MaxCoarseShare ? coarse : null;
    }

    private const double MaxCoarseShare = 0.25;
}
