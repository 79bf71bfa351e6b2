using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.SkyMaps;

/// <summary>
/// Draws the whole sky (Mollweide, equatorial, RA increasing to the left) with a 30° RA/Dec grid, a footprint
/// filled from its MOC and/or the coverage of the alerts of chosen nights, the Galactic plane and catalog sources
/// coloured by whether they fall in the alerts' coverage (in the footprint when there is none).
/// </summary>
public sealed class SkyMapRenderer
{
    /// <summary>Smallest and largest PNG widths accepted.</summary>
    public const int MinPngWidth = 300, MaxPngWidth = 8000;

    private readonly SkyShading _shading;
    private readonly SkyMapOptions _options;
    private readonly MollweideProjection _projection;

    /// <summary>A renderer for <paramref name="footprint"/> (the ZTF DR7 footprint when null).</summary>
    public SkyMapRenderer(SkyCoverage? footprint = null, SkyMapOptions? options = null)
        : this(new SkyShading(footprint ?? SkyCoverage.Ztf, null), options)
    {
    }

    private SkyMapRenderer(SkyShading shading, SkyMapOptions? options)
    {
        _shading = shading;
        _options = options ?? new SkyMapOptions();
        _projection = new MollweideProjection(_options.CentreRaDeg);
    }

    /// <summary>
    /// A renderer that shades <paramref name="alerts"/>, the coverage of the alerts of the chosen nights, over
    /// <paramref name="footprint"/> (a survey's published footprint; none when null), and colours the sources by
    /// whether they fall where those nights have alerts.
    /// </summary>
    public static SkyMapRenderer ForAlerts(SkyCoverage? footprint, SkyCoverage alerts, SkyMapOptions? options = null) =>
        new(new SkyShading(footprint, alerts ?? throw new ArgumentNullException(nameof(alerts))), options);

    /// <summary>The pixel layout of an image <paramref name="width"/> pixels wide (SVG: <see cref="SkyMapLayout.ReferenceWidth"/>).</summary>
    public SkyMapLayout LayoutFor(int width) => new(width, _projection);

    /// <summary>The map as a standalone SVG document, 1200 user units wide.</summary>
    public string RenderSvg(ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg) =>
        SvgSkyMapWriter.Write(SkyMapScene.Build(LayoutFor(SkyMapLayout.ReferenceWidth), _shading, raDeg, decDeg,
            _options.MaxSvgPoints, _options));

    /// <summary>The map with a catalog's sources, titled with its file name unless the options set a title.</summary>
    public string RenderSvg(SourceCatalog catalog) => WithTitle(catalog).RenderSvg(catalog.RaDeg, catalog.DecDeg);

    /// <summary>The map as a PNG image <paramref name="width"/> pixels wide (height follows from the layout).</summary>
    public byte[] RenderPng(int width, ReadOnlySpan<double> raDeg, ReadOnlySpan<double> decDeg)
    {
        if (width is < MinPngWidth or > MaxPngWidth)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"PNG width must be in {MinPngWidth}..{MaxPngWidth}");
        return PngSkyMapWriter.Write(SkyMapScene.Build(LayoutFor(width), _shading, raDeg, decDeg, _options.MaxPngPoints,
            _options));
    }

    /// <summary>The PNG map with a catalog's sources, titled with its file name unless the options set a title.</summary>
    public byte[] RenderPng(int width, SourceCatalog catalog) =>
        WithTitle(catalog).RenderPng(width, catalog.RaDeg, catalog.DecDeg);

    private SkyMapRenderer WithTitle(SourceCatalog catalog) =>
        _options.Title is not null ? this : new SkyMapRenderer(_shading, _options with { Title = catalog.FileName });
}
