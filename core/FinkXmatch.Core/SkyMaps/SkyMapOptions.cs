namespace FinkXmatch.Core.SkyMaps;

/// <summary>What the sky map shows and how much of it.</summary>
public sealed record SkyMapOptions
{
    /// <summary>RA (degrees) at the centre of the map; 180 puts 0h on both edges.</summary>
    public double CentreRaDeg { get; init; } = 180;

    /// <summary>Label RA in hours (0h..22h); degrees otherwise.</summary>
    public bool RaInHours { get; init; } = true;

    /// <summary>Title above the map (e.g. the catalog file name); none when null.</summary>
    public string? Title { get; init; }

    /// <summary>What the points are, as the legend counts them (<c>sources</c> of a catalog, <c>alerts</c> of a search).</summary>
    public string Points { get; init; } = "sources";

    /// <summary>Radius of a point in pixels of the 1200-wide map; null: by how many are drawn (smaller when many).</summary>
    public double? PointRadius { get; init; }

    /// <summary>Most sources drawn in a PNG; larger catalogs are drawn as an evenly spaced subsample.</summary>
    public int MaxPngPoints { get; init; } = 200_000;

    /// <summary>Most sources drawn in an SVG (one circle each, about 40 bytes).</summary>
    public int MaxSvgPoints { get; init; } = 50_000;
}
