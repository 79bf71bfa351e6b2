namespace FinkXmatch.Core.SkyMaps;

/// <summary>
/// Where things go on an image of a given width: title band, the map ellipse (2:1), legend band below. Pixel
/// coordinates have y growing downwards; every length scales with <see cref="Scale"/> (1 at 1200 px wide).
/// </summary>
public sealed class SkyMapLayout
{
    /// <summary>Width at which <see cref="Scale"/> is 1 (the SVG's view box width).</summary>
    public const int ReferenceWidth = 1200;

    /// <summary>Computes the layout for an image <paramref name="width"/> pixels wide.</summary>
    public SkyMapLayout(int width, MollweideProjection projection)
    {
        if (width < 100) throw new ArgumentOutOfRangeException(nameof(width), width, "width must be at least 100 px");
        Projection = projection;
        Width = width;
        Scale = width / (double)ReferenceWidth;
        double side = 50 * Scale, top = 44 * Scale;
        MapWidth = width - 2 * side;
        MapHeight = MapWidth / 2;
        CentreX = width / 2.0;
        CentreY = top + MapHeight / 2;
        LegendTop = top + MapHeight + 16 * Scale;
        Height = (int)Math.Ceiling(LegendTop + 3 * LegendRowHeight + 10 * Scale);
    }

    /// <summary>The projection the map uses.</summary>
    public MollweideProjection Projection { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Size factor relative to a 1200 px wide image.</summary>
    public double Scale { get; }

    /// <summary>Width of the map ellipse in pixels.</summary>
    public double MapWidth { get; }

    /// <summary>Height of the map ellipse in pixels.</summary>
    public double MapHeight { get; }

    /// <summary>Pixel x of the map centre.</summary>
    public double CentreX { get; }

    /// <summary>Pixel y of the map centre (the equator).</summary>
    public double CentreY { get; }

    /// <summary>Pixel y where the legend starts.</summary>
    public double LegendTop { get; }

    /// <summary>Height of one legend row.</summary>
    public double LegendRowHeight => 22 * Scale;

    private double PixelsPerUnit => MapWidth / (2 * MollweideProjection.HalfWidth);

    /// <summary>Pixel position of a sky position.</summary>
    public (double X, double Y) ToPixel(double raDeg, double decDeg) => FromMap(Projection.Forward(raDeg, decDeg));

    /// <summary>Pixel position of projection coordinates.</summary>
    public (double X, double Y) FromMap((double X, double Y) map) =>
        (CentreX + map.X * PixelsPerUnit, CentreY - map.Y * PixelsPerUnit);

    /// <summary>Sky position at a pixel position; false outside the map ellipse.</summary>
    public bool TryToSky(double x, double y, out double raDeg, out double decDeg) =>
        Projection.TryInverse((x - CentreX) / PixelsPerUnit, (CentreY - y) / PixelsPerUnit, out raDeg, out decDeg);
}
