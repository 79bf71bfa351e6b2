using System.Runtime.InteropServices;
using FinkXmatch.Core.Os;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Matching;

/// <summary>
/// The registration of a large catalog whose entries carry no vectors (<see cref="VectorsBySourceFor"/>: 1 M and 10 M
/// sources at 1.5"), in two passes where <see cref="Register"/> and the pixel sorts make four: each core queries the discs
/// of its range of sources and writes each entry, as its fine pixel's low bits and its source in one 64-bit value, straight
/// to its bucket of <see cref="BucketPixels"/> nside-128 pixels (blocks of <see cref="BlockEntries"/> entries chained per
/// bucket: no count pass first); then each bucket (~85,000 entries at 10 M, in the 2 MiB L2 cache with its scratch) is
/// sorted by a radix sort of the fine key and the pixel, least significant digit first (stable, so catalog order within a
/// fine pixel), and written out with its pixels' offsets. The comparison sort of each pixel's entries (~80 at 10 M, in
/// catalog order: their keys at random) was ~17 % of the build's CPU, the second scatter of the entries ~8 %.
/// </summary>
public sealed partial class HealpixIndex
{
    private const int BlockShift = 9;
    private const int BlockEntries = 1 << BlockShift;

    // An entry in a bucket: its fine pixel's bits below the bucket (at most 2 * 9 + 10 = 28) above its source (32 bits).
    private const int SourceBits = 32;

    /// <summary>
    /// One core's entries, bucket by bucket: blocks of <see cref="BlockEntries"/> values in one array, each bucket's
    /// blocks chained in the order they were filled (so its entries stay in catalog order).
    /// </summary>
    private sealed class BucketBlocks
    {
        public ulong[] Values;
        public int[] NextBlock;
        public readonly int[] FirstBlock;
        public readonly int[] Count;
        private readonly int[] _at;          // where each bucket's next value goes
        private int _blocks;

        public BucketBlocks(int buckets, long expectedEntries)
        {
            var blocks = (int)Math.Min(int.MaxValue / BlockEntries, buckets + (expectedEntries + BlockEntries - 1) / BlockEntries);
            Values = GC.AllocateUninitializedArray<ulong>(blocks << BlockShift);
            NextBlock = GC.AllocateUninitializedArray<int>(blocks);
            FirstBlock = new int[buckets];
            Count = new int[buckets];
            _at = new int[buckets];
            for (var b = 0; b < buckets; b++)
            {
                FirstBlock[b] = b;
                _at[b] = b << BlockShift;
            }
            _blocks = buckets;
        }

        public void Add(int bucket, ulong value)
        {
            var at = _at[bucket];
            Values[at] = value;
            Count[bucket]++;
            at++;
            // The block is full: chain a new one.
            if ((at & (BlockEntries - 1)) == 0) at = Chain((at - 1) >> BlockShift);
            _at[bucket] = at;
        }

        private int Chain(int full)
        {
            if (_blocks == NextBlock.Length)
            {
                var grown = (int)Math.Min(int.MaxValue / BlockEntries, (long)_blocks * 3 / 2 + 1);
                if (grown == _blocks) throw new InvalidOperationException("too many index entries");
                Array.Resize(ref Values, grown << BlockShift);
                Array.Resize(ref NextBlock, grown);
            }
            NextBlock[full] = _blocks;
            return _blocks++ << BlockShift;
        }

        /// <summary>Copies a bucket's values, in the order they were added, to <paramref name="into"/>.</summary>
        public void CopyTo(int bucket, Span<ulong> into)
        {
            var left = Count[bucket];
            var block = FirstBlock[bucket];
            var at = 0;
            while (left > 0)
            {
                var take = Math.Min(left, BlockEntries);
                Values.AsSpan(block << BlockShift, take).CopyTo(into[at..]);
                at += take;
                left -= take;
                if (left > 0) block = NextBlock[block];
            }
        }
    }

    private static Registration RegisterInBuckets(ReadOnlySpan<double> raDeg,
        ReadOnlySpan<double> decDeg, double radiusDeg, int fineOrder)
    {
        var n = raDeg.Length;
        var shift = 2 * (fineOrder - Order);
        var bucketShift = shift + BucketShift;
        var lowMask = (1L << bucketShift) - 1;
        var npix = (int)Healpix.Npix(Nside);
        var buckets = npix >> BucketShift;
        var ranges = CoreRanges.Count(n);
        var byRange = new BucketBlocks[ranges];
        var radius = Healpix.IntersectingRadius(radiusDeg);
        unsafe
        {
            fixed (double* raAt = raDeg, decAt = decDeg)
            {
                nint ra = (nint)raAt, dec = (nint)decAt;
                CoreRanges.Run(n, ranges, (r, first, end) =>
                {
                    // ~1.6 entries per source at 1.5" (order 14); more are chained as they come.
                    var blocks = new BucketBlocks(buckets, (long)(end - first) * 7 / 4);
                    Span<long> nearby = stackalloc long[9];
                    List<long>? large = null;
                    for (var i = first; i < end; i++)
                    {
                        var found = DiscPixels(fineOrder, ((double*)ra)[i], ((double*)dec)[i], radius, radiusDeg, nearby, ref large);
                        foreach (var p in found) blocks.Add((int)(p >> bucketShift), ((ulong)(p & lowMask) << SourceBits) | (uint)i);
                    }
                    byRange[r] = blocks;
                });
            }
        }
        // Each bucket's place in the entries: the buckets in order, each range's entries of a bucket after the ranges before.
        var bucketStart = new long[buckets + 1];
        for (var b = 0; b < buckets; b++)
        {
            long size = 0;
            foreach (var blocks in byRange) size += blocks.Count[b];
            bucketStart[b + 1] = bucketStart[b] + size;
        }
        if (bucketStart[buckets] > int.MaxValue - 1) throw new InvalidOperationException("too many index entries");
        var total = (int)bucketStart[buckets];
        var entryKey = GC.AllocateUninitializedArray<uint>(total);
        var entrySource = GC.AllocateUninitializedArray<int>(total);
        HugePages.Prefer(entryKey);
        HugePages.Prefer(entrySource);
        var offsets = new int[npix + 1];
        var occupied = new ulong[(npix + 63) / 64];
        // The fine summary marked as the entries are written (Summary's, sized by these entries; kept or dropped by Build).
        var summaryOrder = SummaryOrderFor(fineOrder, total);
        var summaryShift = 2 * (fineOrder - summaryOrder);
        var summary = fineOrder == Order ? null : new ulong[(12L << (2 * summaryOrder)) / 64];
        var setBy = new long[buckets];
        var largest = 0L;
        for (var b = 0; b < buckets; b++) largest = Math.Max(largest, bucketStart[b + 1] - bucketStart[b]);
        CoreRanges.Run(buckets, CoreRanges.Count(total), (_, firstBucket, endBucket) =>
        {
            var values = GC.AllocateUninitializedArray<ulong>((int)largest);
            var scratch = GC.AllocateUninitializedArray<ulong>((int)largest);
            var sorter = new BucketSorter(shift);
            for (var b = firstBucket; b < endBucket; b++)
            {
                var start = (int)bucketStart[b];
                var size = (int)(bucketStart[b + 1] - start);
                var at = 0;
                foreach (var blocks in byRange)
                {
                    blocks.CopyTo(b, values.AsSpan(at, blocks.Count[b]));
                    at += blocks.Count[b];
                }
                setBy[b] = sorter.Sort(values.AsSpan(0, size), scratch.AsSpan(0, size), entryKey.AsSpan(start, size), entrySource.AsSpan(start, size),
                    offsets.AsSpan(b << BucketShift, BucketPixels), start, summary, (long)b << (BucketShift + shift), summaryShift);
                for (var j = 0; j < BucketPixels; j++)
                {
                    var p = (b << BucketShift) + j;
                    var next = j + 1 < BucketPixels ? offsets[p + 1] : start + size;
                    // offsets[p + 1] of the next bucket is not written yet: the bucket's end is start + size.
                    if (next > offsets[p]) occupied[p >> 6] |= 1UL << (p & 63);
                }
            }
        });
        offsets[npix] = total;
        long set = 0;
        foreach (var bits in setBy) set += bits;
        return new Registration(offsets, entryKey, entrySource, [], occupied, (summary, summaryShift, set));
    }

    /// <summary>
    /// Sorts one bucket's entries (fine pixel's low bits above the source: <see cref="RegisterInBuckets"/>) by fine key, then
    /// by pixel, least significant digit first (each pass stable), and writes their keys and sources with the bucket's pixel
    /// offsets. Digits of at most 8 bits for the key (the counts in L1), and the 10-bit pixel in the bucket last, whose counts
    /// are the pixels' offsets.
    /// </summary>
    private sealed class BucketSorter
    {
        private readonly int _keyBits;
        private readonly int[] _digitShift;
        private readonly int[] _digitMask;
        private readonly int[] _counts;
        private readonly int[] _pixelNext = new int[BucketPixels];

        public BucketSorter(int keyBits)
        {
            _keyBits = keyBits;
            var digits = (keyBits + 7) / 8;
            _digitShift = new int[digits];
            _digitMask = new int[digits];
            for (int d = 0, low = 0; d < digits; d++)
            {
                var width = (keyBits - low + (digits - d) - 1) / (digits - d);
                _digitShift[d] = SourceBits + low;
                _digitMask[d] = (1 << width) - 1;
                low += width;
            }
            _counts = new int[digits * 256];
        }

        // Also marks each entry's summary pixel (fine pixel >> summaryShift; firstFine: the bucket's first fine pixel) in
        // `summary` unless null: the bucket's bits are whole words (1,024 pixels of at least one bit). Returns the bits it set.
        public long Sort(Span<ulong> values, Span<ulong> scratch, Span<uint> keys, Span<int> sources, Span<int> offsets, int start,
            ulong[]? summary, long firstFine, int summaryShift)
        {
            var digits = _digitShift.Length;
            var counts = _counts.AsSpan();
            counts.Clear();
            var pixelCounts = _pixelNext.AsSpan();
            pixelCounts.Clear();
            var pixelShift = SourceBits + _keyBits;
            foreach (var value in values)
            {
                for (var d = 0; d < digits; d++) counts[d * 256 + ((int)(value >> _digitShift[d]) & _digitMask[d])]++;
                pixelCounts[(int)(value >> pixelShift)]++;
            }
            Span<ulong> from = values, to = scratch;
            for (var d = 0; d < digits; d++)
            {
                var digit = counts.Slice(d * 256, 256);
                // A digit all entries share moves nothing.
                if (digit.Contains(values.Length)) continue;
                var at = 0;
                for (var k = 0; k <= _digitMask[d]; k++) (digit[k], at) = (at, at + digit[k]);
                var digitShift = _digitShift[d];
                var digitMask = _digitMask[d];
                foreach (var value in from) to[digit[(int)(value >> digitShift) & digitMask]++] = value;
                var sorted = to;
                to = from;
                from = sorted;
            }
            var sum = 0;
            for (var j = 0; j < BucketPixels; j++)
            {
                offsets[j] = start + sum;
                (pixelCounts[j], sum) = (sum, sum + pixelCounts[j]);
            }
            var keyMask = (uint)((1L << _keyBits) - 1);
            foreach (var value in from)
            {
                var slot = pixelCounts[(int)(value >> pixelShift)]++;
                keys[slot] = (uint)(value >> SourceBits) & keyMask;
                sources[slot] = (int)(uint)value;
            }
            if (summary is null) return 0;
            long set = 0;
            foreach (var value in from)
            {
                var pixel = (firstFine | (long)(value >> SourceBits)) >> summaryShift;
                ref var word = ref summary[pixel >> 6];
                var bit = 1UL << (int)(pixel & 63);
                if ((word & bit) == 0) set++;
                word |= bit;
            }
            return set;
        }
    }
}
