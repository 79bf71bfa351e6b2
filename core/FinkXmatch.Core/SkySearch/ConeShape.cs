using FinkXmatch.Core.Sky;
using FinkXmatch.Core.SkyIndex;

namespace FinkXmatch.Core.SkySearch;

/// <summary>
/// A cone: every position whose great-circle separation from the centre is at most the radius (<c>separation &lt;=
/// radius</c>, Fink's conesearch rule). Its cells are every index cell the disc reaches (an exact superset, so no
/// alert near a cell edge is missed).
/// </summary>
public sealed class ConeShape : SkyShape
{
    /// <summary>Fink's largest conesearch radius (5 degrees).</summary>
    public const double MaxRadiusArcsec = 18_000;

    private readonly double _ra;
    private readonly double _dec;

    /// <exception cref="SkySearchException">RA outside [0, 360), Dec outside [-90, 90], or a radius outside (0, 18000].</exception>
    public ConeShape(double raDeg, double decDeg, double radiusArcsec)
    {
        if (!double.IsFinite(raDeg) || raDeg is < 0 or >= 360) throw new SkySearchException("ra", $"ra must be in [0, 360) degrees, got {raDeg}");
        if (!double.IsFinite(decDeg) || decDeg is < -90 or > 90) throw new SkySearchException("dec", $"dec must be in [-90, 90] degrees, got {decDeg}");
        if (!double.IsFinite(radiusArcsec) || radiusArcsec is <= 0 or > MaxRadiusArcsec)
            throw new SkySearchException("radius", $"radius must be more than 0 and at most {MaxRadiusArcsec:N0} arcseconds (5 degrees), got {radiusArcsec}");
        _ra = raDeg;
        _dec = decDeg;
        RadiusArcsec = radiusArcsec;
        Cells = CellRanges.OfDiscs([raDeg], [decDeg], radiusArcsec);
    }

    public double RadiusArcsec { get; }

    public override CellRanges Cells { get; }

    public override bool HasSeparation => true;

    public override string ExtentArgument => "radius";

    public override bool Contains(double raDeg, double decDeg, out double separationArcsec)
    {
        separationArcsec = Separation.Arcsec(_ra, _dec, raDeg, decDeg);
        return separationArcsec <= RadiusArcsec;
    }
}
