using FinkXmatch.Core.Sky.Moc;
using FinkXmatch.Core.SkyIndex;

namespace FinkXmatch.Core.SkySearch;

/// <summary>A MOC region: every position whose HEALPix cell at the MOC's order is in it.</summary>
public sealed class RegionShape : SkyShape
{
    private readonly SkyCoverage _region;

    public RegionShape(SkyCoverage region)
    {
        _region = region ?? throw new ArgumentNullException(nameof(region));
        Cells = CellRanges.Of(Pixels(region), region.Order);
    }

    public override CellRanges Cells { get; }

    public override bool HasSeparation => false;

    public override string ExtentArgument => "moc";

    public override bool Contains(double raDeg, double decDeg, out double separationArcsec)
    {
        separationArcsec = double.NaN;
        return _region.Contains(raDeg, decDeg);
    }

    // The region's pixels at its order (at most 11 for a JSON MOC, coarser than the index's cells): each is a run of index cells.
    private static IEnumerable<long> Pixels(SkyCoverage region)
    {
        var bits = region.NestedBits.ToArray();
        for (var w = 0; w < bits.Length; w++)
        {
            var word = bits[w];
            while (word != 0)
            {
                yield return 64L * w + System.Numerics.BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }
    }
}
