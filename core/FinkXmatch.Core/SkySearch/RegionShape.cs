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
        Cells = CellRanges.Of(IndexCells(region));
    }

    public override CellRanges Cells { get; }

    public override bool HasSeparation => false;

    public override string ExtentArgument => "moc";

    public override bool Contains(double raDeg, double decDeg, out double separationArcsec)
    {
        separationArcsec = double.NaN;
        return _region.Contains(raDeg, decDeg);
    }

    // The index cells holding the region's pixels: a finer pixel's ancestor, or each descendant of a coarser one.
    private static IEnumerable<long> IndexCells(SkyCoverage region)
    {
        var shift = 2 * (region.Order - NightIndexFile.Order);
        var bits = region.NestedBits.ToArray();
        var last = -1L;
        for (var w = 0; w < bits.Length; w++)
        {
            var word = bits[w];
            while (word != 0)
            {
                var pixel = 64L * w + System.Numerics.BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                if (shift >= 0)
                {
                    // The pixels of one cell are consecutive: say the cell once.
                    if (pixel >> shift != last) yield return last = pixel >> shift;
                }
                else
                    for (long c = pixel << -shift, end = (pixel + 1) << -shift; c < end; c++) yield return c;
            }
        }
    }
}
