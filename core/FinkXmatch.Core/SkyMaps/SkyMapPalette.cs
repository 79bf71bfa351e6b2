namespace FinkXmatch.Core.SkyMaps;

/// <summary>An sRGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>The colour as <c>#rrggbb</c>.</summary>
    public string Hex => $"#{R:x2}{G:x2}{B:x2}";
}

/// <summary>The colours of the sky map, shared by the SVG and PNG renderings.</summary>
public static class SkyMapPalette
{
    /// <summary>Image background outside the sky ellipse.</summary>
    public static readonly Rgb Background = new(255, 255, 255);

    /// <summary>Sky not covered by the footprint.</summary>
    public static readonly Rgb Sky = new(236, 236, 240);

    /// <summary>Sky covered by the ZTF footprint.</summary>
    public static readonly Rgb Footprint = new(178, 208, 236);

    /// <summary>Sky where the chosen nights have alerts (over the footprint, where both are shown).</summary>
    public static readonly Rgb Alerts = new(247, 196, 120);

    /// <summary>RA/Dec grid lines.</summary>
    public static readonly Rgb Grid = new(120, 120, 130);

    /// <summary>The map outline and label text.</summary>
    public static readonly Rgb Ink = new(40, 40, 48);

    /// <summary>The Galactic plane.</summary>
    public static readonly Rgb GalacticPlane = new(40, 160, 60);

    /// <summary>Sources inside the footprint.</summary>
    public static readonly Rgb SourceInside = new(214, 39, 40);

    /// <summary>Sources outside the footprint.</summary>
    public static readonly Rgb SourceOutside = new(106, 61, 154);
}
