namespace FinkXmatch.Core.Matching;

/// <summary>
/// The sources' unit vectors, computed from the catalog's positions each time a lookup needs them, for an index whose
/// entries carry none (<see cref="HealpixIndex.BuildWithoutCellMask"/> and <see cref="HealpixIndex.BuildWhole"/> where
/// <see cref="HealpixIndex.VectorsBySourceFor"/>): a 20-night job of 75 k sources at 1.5" looks up a few thousand
/// sources, where the build computed the vector of every source (two sine-cosine pairs each) and carried it through
/// its passes (24 bytes per entry, twice). The same <see cref="SkyVector.FromRaDec"/> of the same positions, so the same
/// bits. Nothing is kept: an array of the vectors computed (24 bytes per source, 229 MiB at 10 M sources, with a bit per
/// source) cost as much per lookup as the two positions read here (a random read either way) and was most of the
/// index's bytes. Reads only, so safe from several matchers at once.
/// </summary>
internal sealed class SourceVectors(double[] raDeg, double[] decDeg)
{
    /// <summary>Nothing of its own: the positions are the catalog's.</summary>
    public long MemoryBytes => 0;

    /// <summary>Writes the vectors of <paramref name="sources"/> (catalog rows) into <paramref name="into"/> (as long).</summary>
    public void Of(ReadOnlySpan<int> sources, Span<SkyVector> into)
    {
        for (var k = 0; k < sources.Length; k++)
        {
            var source = sources[k];
            into[k] = SkyVector.FromRaDec(raDeg[source], decDeg[source]);
        }
    }
}
