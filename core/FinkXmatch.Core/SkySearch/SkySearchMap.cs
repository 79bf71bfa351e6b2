using System.Globalization;
using FinkXmatch.Core.SkyMaps;

namespace FinkXmatch.Core.SkySearch;

/// <summary>
/// The alerts a search found on the sky map drawn for catalogs (<see cref="SkyMapRenderer"/>: Mollweide, ZTF DR7's
/// footprint, the Galactic plane), one mark per alert, larger than a catalog's dots since a cone's alerts sit on one spot.
/// </summary>
public static class SkySearchMap
{
    /// <summary>Radius of an alert's mark on the 1200-wide map.</summary>
    public const double MarkRadius = 5;

    /// <summary>The map as an SVG document: one <c>circle</c> per alert (up to the renderer's limit) in the groups
    /// <c>sources-inside</c> and <c>sources-outside</c> (of the footprint).</summary>
    public static string Svg(SkySearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var ra = ResultColumn(result, "ra");
        var dec = ResultColumn(result, "dec");
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{result.Rows.Count:N0} {result.Survey.Name.ToUpperInvariant()} {(result.Rows.Count == 1 ? "alert" : "alerts")} found, {result.Nights:N0} {(result.Nights == 1 ? "night" : "nights")} searched");
        var options = new SkyMapOptions { Title = title, Points = "alerts", PointRadius = MarkRadius };
        return new SkyMapRenderer(options: options).RenderSvg(ra, dec);
    }

    private static double[] ResultColumn(SkySearchResult result, string name)
    {
        var index = result.Names.ToList().IndexOf(name);
        if (index < 0) throw new InvalidOperationException($"a search result has a '{name}' column");
        return [.. result.Rows.Select(r => r[index] is double value ? value : double.NaN)];
    }
}
