namespace FinkXmatch.Core.Matching;

/// <summary>
/// The sources' unit vectors computed when a lookup first needs them, for an index whose entries carry none
/// (<see cref="HealpixIndex.BuildWithoutCellMask"/> where <see cref="HealpixIndex.VectorsBySourceFor"/>): a 20-night job of 75 k sources at 1.5" looks up a few thousand sources, where the build computed the vector
/// of every source (two sine-cosine pairs each, ~3 ms of the job's CPU) and carried it through its passes (24 bytes
/// per entry, twice). The same <see cref="SkyVector.FromRaDec"/> of the same positions, so the same bits. Safe from
/// several matchers at once: a vector is written before its bit is set (a release write) and read only once the bit is
/// seen (an acquire read); a bit is only ever set after its vector is written, two threads computing one source's vector
/// write the same bytes, and a bit lost to a concurrent write only has that vector computed again (a locked OR per
/// source computed was ~half of this method's time).
/// </summary>
internal sealed class SourceVectors(double[] raDeg, double[] decDeg)
{
    private readonly SkyVector[] _vectors = new SkyVector[raDeg.Length];
    private readonly ulong[] _computed = new ulong[(raDeg.Length + 63) / 64];

    public long MemoryBytes => _vectors.LongLength * 24 + _computed.LongLength * 8;

    /// <summary>Writes the vectors of <paramref name="sources"/> (catalog rows) into <paramref name="into"/> (as long).</summary>
    public void Of(ReadOnlySpan<int> sources, Span<SkyVector> into)
    {
        for (var k = 0; k < sources.Length; k++)
        {
            var source = sources[k];
            ref var word = ref _computed[source >> 6];
            var bit = 1UL << source;
            if ((Volatile.Read(ref word) & bit) != 0)
            {
                into[k] = _vectors[source];
                continue;
            }
            var vector = SkyVector.FromRaDec(raDeg[source], decDeg[source]);
            _vectors[source] = vector;
            // Not atomic: a bit another thread sets at once may be lost, and that source's vector computed again.
            Volatile.Write(ref word, Volatile.Read(ref word) | bit);
            into[k] = vector;
        }
    }
}
