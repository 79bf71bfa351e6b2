using System.Globalization;
using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.SkyMaps;

/// <summary>A line through pixel positions.</summary>
internal sealed record Polyline(double[] X, double[] Y);

/// <summary>How a label's text sits on its anchor point.</summary>
internal enum LabelAlign { Start, Middle, End }

/// <summary>Text placed at a pixel position (baseline at <see cref="Y"/>).</summary>
internal readonly record struct MapLabel(double X, double Y, string Text, LabelAlign Align);

/// <summary>The symbol drawn before a legend row.</summary>
internal enum LegendMark { Area, Dot, Line, None }

/// <summary>One row of the legend.</summary>
internal readonly record struct LegendEntry(LegendMark Mark, Rgb Colour, string Text);

/// <summary>
/// Everything on the map in pixel coordinates, computed once and drawn by either the SVG or the PNG writer:
/// grid lines and labels, the Galactic plane, the (possibly subsampled) sources and the legend.
/// </summary>
internal sealed class SkyMapScene
{
    private const double SampleStepDeg = 1.0;

    public required SkyMapLayout Layout { get; init; }
    public required SkyShading Shading { get; init; }
    public required string? Title { get; init; }
    public required IReadOnlyList<Polyline> Grid { get; init; }
    public required IReadOnlyList<MapLabel> GridLabels { get; init; }
    public required IReadOnlyList<Polyline> GalacticPlane { get; init; }
    public required SourceSample Sources { get; init; }
    public required IReadOnlyList<LegendEntry> Legend { get; init; }

    public double? FixedPointRadius { get; init; }

    /// <summary>Radius of a source dot: as the options set it, or smaller when many are drawn.</summary>
    public double PointRadius => Layout.Scale * (FixedPointRadius ?? (Sources.Shown > 20_000 ? 0.6 : 1.8));

    public static SkyMapScene Build(SkyMapLayout layout, SkyShading shading, ReadOnlySpan<double> raDeg,
        ReadOnlySpan<double> decDeg, int maxPoints, SkyMapOptions options)
    {
        var sources = SourceSample.Take(layout, shading.Inside, raDeg, decDeg, maxPoints);
        return new SkyMapScene
        {
            Layout = layout,
            Shading = shading,
            Title = options.Title,
            Grid = GridLines(layout),
            GridLabels = GridLabelsFor(layout, options.RaInHours),
            GalacticPlane = GalacticPlaneLines(layout),
            Sources = sources,
            Legend = LegendFor(shading, sources, options.Points),
            FixedPointRadius = options.PointRadius,
        };
    }

    private static List<Polyline> GridLines(SkyMapLayout layout)
    {
        var lines = new List<Polyline>();
        // Meridians every 30° of RA; the one on the map edge is the outline itself.
        for (int ra = 0; ra < 360; ra += 30)
        {
            double lambda = layout.Projection.OffsetFromCentre(ra);
            if (Math.Abs(lambda) >= 180 - 1e-9) continue;
            lines.Add(Trace(layout, 181, i => (lambda, -90 + i * SampleStepDeg)));
        }
        // Parallels every 30° of Dec, edge to edge.
        for (int dec = -60; dec <= 60; dec += 30)
            lines.Add(Trace(layout, 361, i => (-180 + i * SampleStepDeg, dec)));
        return lines;
    }

    private static Polyline Trace(SkyMapLayout layout, int count, Func<int, (double Lambda, double Dec)> at)
    {
        var xs = new double[count];
        var ys = new double[count];
        for (int i = 0; i < count; i++)
        {
            var (lambda, dec) = at(i);
            (xs[i], ys[i]) = layout.FromMap(MollweideProjection.ForwardOffset(lambda, dec));
        }
        return new Polyline(xs, ys);
    }

    private static List<MapLabel> GridLabelsFor(SkyMapLayout layout, bool hours)
    {
        var labels = new List<MapLabel>();
        double s = layout.Scale;
        for (int ra = 0; ra < 360; ra += 30)
        {
            double lambda = layout.Projection.OffsetFromCentre(ra);
            if (Math.Abs(lambda) >= 180 - 1e-9) continue;
            var (x, y) = layout.FromMap(MollweideProjection.ForwardOffset(lambda, 0));
            string text = hours ? $"{ra / 15}h" : string.Create(CultureInfo.InvariantCulture, $"{ra}°");
            labels.Add(new MapLabel(x + 3 * s, y + 14 * s, text, LabelAlign.Start));
        }
        for (int dec = -60; dec <= 60; dec += 30)
        {
            var (x, y) = layout.FromMap(MollweideProjection.ForwardOffset(180, dec));
            string text = dec > 0 ? $"+{dec}°" : $"{dec}°";
            labels.Add(new MapLabel(x - 5 * s, y + 5 * s, text, LabelAlign.End));
        }
        return labels;
    }

    private static List<Polyline> GalacticPlaneLines(SkyMapLayout layout)
    {
        // Split where the plane crosses the map edge so no segment spans the whole map.
        var lines = new List<Polyline>();
        var xs = new List<double>();
        var ys = new List<double>();
        double previous = double.NaN;
        for (double l = 0; l <= 360; l += 0.5)
        {
            var (ra, dec) = GalacticFrame.ToEquatorial(l, 0);
            double lambda = layout.Projection.OffsetFromCentre(ra);
            if (Math.Abs(lambda - previous) > 180 && xs.Count > 0)
            {
                lines.Add(new Polyline([.. xs], [.. ys]));
                xs.Clear();
                ys.Clear();
            }
            var (x, y) = layout.FromMap(MollweideProjection.ForwardOffset(lambda, dec));
            xs.Add(x);
            ys.Add(y);
            previous = lambda;
        }
        if (xs.Count > 1) lines.Add(new Polyline([.. xs], [.. ys]));
        return lines;
    }

    private static List<LegendEntry> LegendFor(SkyShading shading, SourceSample sources, string points)
    {
        var c = CultureInfo.InvariantCulture;
        double fraction = sources.Total == 0 ? 0 : sources.Inside / (double)sources.Total;
        var legend = new List<LegendEntry>();
        if (shading.Footprint is { } footprint)
        {
            legend.Add(new(LegendMark.Area, SkyMapPalette.Footprint,
                string.Create(c, $"ZTF DR7 footprint ({100 * footprint.SkyFraction:F1}% of the sky)")));
        }
        if (shading.Alerts is { } alerts)
        {
            legend.Add(new(LegendMark.Area, SkyMapPalette.Alerts,
                string.Create(c, $"alerts of the chosen nights ({Percent(alerts.SkyFraction)} of the sky)")));
        }
        // Inside the alerts' coverage when it is shown: where the chosen nights can match.
        var (inside, outside) = shading.Alerts is null ? ("inside", "outside") : ("where they have alerts", "elsewhere");
        legend.Add(new(LegendMark.Dot, SkyMapPalette.SourceInside,
            string.Create(c, $"{inside}: {sources.Inside:N0} of {sources.Total:N0} {points} ({100 * fraction:F1}%)")));
        legend.Add(new(LegendMark.Dot, SkyMapPalette.SourceOutside,
            string.Create(c, $"{outside}: {sources.Total - sources.Inside:N0} {points}")));
        legend.Add(new(LegendMark.Line, SkyMapPalette.GalacticPlane, "Galactic plane (b = 0)"));
        legend.Add(sources.Shown < sources.Total
            ? new(LegendMark.None, SkyMapPalette.Ink,
                string.Create(c, $"showing {sources.Shown:N0} of {sources.Total:N0} (even subsample)"))
            : new(LegendMark.None, SkyMapPalette.Ink, "Mollweide, equatorial, RA grows to the left"));
        return legend;
    }

    // A few nights cover a small part of the sky: 0.0% would say they cover none.
    private static string Percent(double fraction) =>
        (100 * fraction).ToString(fraction is > 0 and < 0.001 ? "0.###" : "F1", CultureInfo.InvariantCulture) + "%";
}
