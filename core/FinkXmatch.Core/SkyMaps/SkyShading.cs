using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.SkyMaps;

/// <summary>
/// The areas a map shades: a survey's published footprint (ZTF DR7; none for LSST here), the coverage of the alerts
/// of the chosen nights over it, or both. Sources are coloured by the alerts' coverage when there is one, since that
/// is where a crossmatch of those nights can find something; by the footprint otherwise.
/// </summary>
internal sealed record SkyShading(SkyCoverage? Footprint, SkyCoverage? Alerts)
{
    /// <summary>What a source is inside of.</summary>
    public SkyCoverage Inside => Alerts ?? Footprint ?? throw new InvalidOperationException("a sky map shades a footprint or the alerts' coverage");

    /// <summary>The colour of the sky at a position.</summary>
    public Rgb ColourAt(double raDeg, double decDeg) =>
        Alerts is not null && Alerts.Contains(raDeg, decDeg) ? SkyMapPalette.Alerts
        : Footprint is not null && Footprint.Contains(raDeg, decDeg) ? SkyMapPalette.Footprint
        : SkyMapPalette.Sky;
}
