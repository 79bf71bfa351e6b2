using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// Matches batches of alert positions against a <see cref="HealpixIndex"/>. A match is separation &lt; radius
/// (CONTRACT §3). Allocates nothing per alert: matches go into a caller-owned, reused list.
/// </summary>
public sealed class CrossMatcher(HealpixIndex index, MatchMode mode)
{
    // A dot-product pre-filter rejects far candidates without a square root or atan2; the margin keeps every pair
    // that could be inside the radius for the exact test.
    private readonly double _minDot = Math.Cos(Math.Min(Math.PI, index.RadiusArcsec / SkyVector.ArcsecPerRadian * (1 + 1e-9))) - 1e-15;
    private readonly double _radiusArcsec = index.RadiusArcsec;
    private const int Block = 256;
    // How many alerts ahead the entries of a lookup are prefetched: enough to cover a memory access with the work
    // of the alerts in between (a few tens of nanoseconds each).
    private const int PrefetchDistance = 8;

    public HealpixIndex Index => index;
    public MatchMode Mode => mode;

    /// <summary>
    /// Appends the matches of alerts (raDeg[i], decDeg[i]) to <paramref name="matches"/>, with AlertRow = i;
    /// rows whose position is not finite are skipped. Returns the number appended.
    /// </summary>
    public int Match(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg, List<AlertMatch> matches)
    {
        if (raDeg.Length != decDeg.Length) throw new ArgumentException("ra and dec differ in length");
        var before = matches.Count;
        var bySource = index.VectorsBySource;
        var mask = index.CellMask;
        // The RA/Dec cell mask drops most alerts with two multiplications, its fine layer most of the others, over the
        // whole input at once (so that the fine layer's table misses of a row group's ~1,000 survivors overlap, where a
        // block of 256 alerts had ~6); then per block of survivors their pixels are computed (arithmetic), looked up and
        // matched. Rows are the input's.
        Span<int> block = stackalloc int[Block];
        Span<long> pixels = stackalloc long[Block];
        Span<int> starts = stackalloc int[Block];
        Span<int> counts = stackalloc int[Block];
        Span<SkyVector> sourceVectors = bySource is null ? [] : stackalloc SkyVector[SourceVectorsOnStack];
        int[]? rentedRows = null;
        try
        {
            scoped Span<int> survivors = default;
            if (mask is not null)
            {
                var all = raDeg.Length <= Block ? block : rentedRows = ArrayPool<int>.Shared.Rent(raDeg.Length);
                survivors = all[..mask.KeepFine(raDeg, decDeg, all[..mask.Filter(raDeg, decDeg, all)])];
            }
            var total = mask is null ? raDeg.Length : survivors.Length;
            for (var first = 0; first < total; first += Block)
            {
                var candidates = Math.Min(Block, total - first);
                scoped ReadOnlySpan<int> rows;
                if (mask is not null) rows = survivors.Slice(first, candidates);
                else
                {
                    for (var c = 0; c < candidates; c++) block[c] = first + c;
                    rows = block[..candidates];
                }
                MatchRows(raDeg, decDeg, rows, pixels, starts, counts, sourceVectors, matches);
            }
        }
        finally
        {
            if (rentedRows is not null) ArrayPool<int>.Shared.Return(rentedRows);
        }
        return matches.Count - before;
    }

    // A block's rows (at most Block): their pixels, each pixel's offsets prefetched as soon as it is known, then the keys
    // those offsets point to, then the lookups (their loads now mostly hits), then each alert's entries with the entries
    // of an alert a few places ahead prefetched: a dense index misses the caches on nearly every lookup, and the misses
    // of a block overlap instead of following one another.
    private void MatchRows(ReadOnlySpan<double> ra, ReadOnlySpan<double> dec, ReadOnlySpan<int> rows, Span<long> pixels, Span<int> starts,
        Span<int> counts, Span<SkyVector> sourceVectors, List<AlertMatch> matches)
    {
        var order = index.FineOrder;
        var sources = index.EntrySources;
        var vectors = index.EntryVectors;
        var bySource = index.VectorsBySource;
        var candidates = rows.Length;
        for (var c = 0; c < candidates; c++)
        {
            var i = rows[c];
            pixels[c] = double.IsFinite(ra[i]) && dec[i] >= -90 && dec[i] <= 90 ? PixelLocator.Ang2PixNest(order, ra[i], dec[i]) : -1;
            if (pixels[c] >= 0) index.PrefetchOffsets(pixels[c]);
        }
        for (var c = 0; c < candidates; c++)
            if (pixels[c] >= 0) index.PrefetchKeys(pixels[c]);
        for (var c = 0; c < candidates; c++)
            counts[c] = pixels[c] < 0 ? 0 : index.LookupFine(pixels[c], out starts[c]);
        for (var c = 0; c < Math.Min(PrefetchDistance, candidates); c++) Prefetch(starts[c], counts[c], sources, vectors);
        for (var c = 0; c < candidates; c++)
        {
            if (c + PrefetchDistance < candidates) Prefetch(starts[c + PrefetchDistance], counts[c + PrefetchDistance], sources, vectors);
            var count = counts[c];
            if (count == 0) continue;
            var start = starts[c];
            var i = rows[c];
            // The unit vector's trig is only paid for alerts that have candidates.
            var alert = SkyVector.FromRaDec(ra[i], dec[i]);
            var entrySources = sources.Slice(start, count);
            if (bySource is null) Match(i, alert, entrySources, vectors.Slice(start, count), matches);
            else if (count <= sourceVectors.Length)
            {
                bySource.Of(entrySources, sourceVectors);
                Match(i, alert, entrySources, sourceVectors[..count], matches);
            }
            else
            {
                var rented = ArrayPool<SkyVector>.Shared.Rent(count);
                bySource.Of(entrySources, rented);
                Match(i, alert, entrySources, rented.AsSpan(0, count), matches);
                ArrayPool<SkyVector>.Shared.Return(rented);
            }
        }
    }

    // Entries of an alert whose sources' vectors (an index without entry vectors) are gathered on the stack; more, in a rented array.
    private const int SourceVectorsOnStack = 64;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Match(int row, in SkyVector alert, ReadOnlySpan<int> sources, ReadOnlySpan<SkyVector> vectors, List<AlertMatch> matches)
    {
        if (mode == MatchMode.All) MatchAll(row, alert, sources, vectors, matches);
        else MatchNearest(row, alert, sources, vectors, matches);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(int start, int count, ReadOnlySpan<int> sources, ReadOnlySpan<SkyVector> vectors)
    {
        if (count == 0 || !Sse.IsSupported) return;
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetReference(sources), start)));
        if (vectors.IsEmpty) return;        // vectors by source (HealpixIndex.VectorsBySource)
        var first = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetReference(vectors), start));
        var last = first + count * sizeof(SkyVector) - 1;
        // Each cache line of the vectors (aligned down, so the last line is always reached), and the source indices.
        // The arrays are not pinned: a prefetch never faults, and one at an address the GC has just moved only misses.
        for (var line = (byte*)((nuint)first & ~(nuint)63); line <= last; line += 64) Sse.Prefetch0(line);
    }

    private void MatchAll(int row, in SkyVector alert, ReadOnlySpan<int> sources, ReadOnlySpan<SkyVector> vectors, List<AlertMatch> matches)
    {
        for (var k = 0; k < sources.Length; k++)
        {
            if (alert.Dot(vectors[k]) < _minDot) continue;
            var sep = alert.AngleTo(vectors[k]) * SkyVector.ArcsecPerRadian;
            if (sep < _radiusArcsec) matches.Add(new AlertMatch(row, sources[k], sep));
        }
    }

    private void MatchNearest(int row, in SkyVector alert, ReadOnlySpan<int> sources, ReadOnlySpan<SkyVector> vectors, List<AlertMatch> matches)
    {
        var best = -1;
        var bestSep = double.PositiveInfinity;
        for (var k = 0; k < sources.Length; k++)
        {
            if (alert.Dot(vectors[k]) < _minDot) continue;
            var sep = alert.AngleTo(vectors[k]) * SkyVector.ArcsecPerRadian;
            // Entries are in catalog order, so strict < keeps the earlier row on a tie.
            if (sep < _radiusArcsec && sep < bestSep)
            {
                bestSep = sep;
                best = sources[k];
            }
        }
        if (best >= 0) matches.Add(new AlertMatch(row, best, bestSep));
    }
}
