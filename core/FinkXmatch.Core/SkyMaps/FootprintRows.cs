using System.Globalization;
using System.Text;

namespace FinkXmatch.Core.SkyMaps;

/// <summary>
/// The footprint as an SVG path: the map is sampled on a grid of small cells (inverse projection + membership
/// at each cell centre) and each row's runs of covered cells become one rectangle, so the path size grows with
/// the footprint's outline, not its area. Cells past the ellipse edge borrow the edge's membership; the caller
/// clips to the ellipse.
/// </summary>
internal static class FootprintRows
{
    public static string SvgPath(SkyMapLayout layout, Sky.Moc.SkyCoverage footprint, double cell)
    {
        var path = new StringBuilder();
        double left = layout.CentreX - layout.MapWidth / 2, top = layout.CentreY - layout.MapHeight / 2;
        int columns = (int)Math.Ceiling(layout.MapWidth / cell), rows = (int)Math.Ceiling(layout.MapHeight / cell);
        double halfWidth = layout.MapWidth / 2, halfHeight = layout.MapHeight / 2;
        for (int r = 0; r < rows; r++)
        {
            double y = top + (r + 0.5) * cell;
            double v = Math.Clamp((y - layout.CentreY) / halfHeight, -1, 1);
            double rowHalfWidth = halfWidth * Math.Sqrt(1 - v * v); // ellipse half-chord at this row
            int runStart = -1;
            for (int c = 0; c <= columns; c++)
            {
                bool covered = false;
                if (c < columns)
                {
                    double x = left + (c + 0.5) * cell;
                    double edge = rowHalfWidth * 0.999999;
                    double xs = Math.Clamp(x, layout.CentreX - edge, layout.CentreX + edge);
                    double ys = Math.Clamp(y, layout.CentreY - halfHeight * 0.999999, layout.CentreY + halfHeight * 0.999999);
                    covered = Math.Abs(x - layout.CentreX) <= rowHalfWidth + cell
                              && layout.TryToSky(xs, ys, out double ra, out double dec) && footprint.Contains(ra, dec);
                }
                if (covered && runStart < 0) runStart = c;
                else if (!covered && runStart >= 0)
                {
                    AppendRectangle(path, left + runStart * cell, top + r * cell, (c - runStart) * cell, cell);
                    runStart = -1;
                }
            }
        }
        return path.ToString();
    }

    private static void AppendRectangle(StringBuilder path, double x, double y, double width, double height)
    {
        var c = CultureInfo.InvariantCulture;
        // A hair taller than the row so anti-aliased rows do not leave seams between them.
        path.Append(c, $"M{x:0.##} {y:0.##}h{width:0.##}v{height + 0.1:0.##}h{-width:0.##}z");
    }
}
