namespace FinkXmatch.Core.SkyMaps;

/// <summary>Where each legend row goes: two columns under the map (baseline positions, in pixels).</summary>
internal static class LegendPlacement
{
    /// <summary>Gap between a row's mark and its text, at scale 1.</summary>
    public const double TextIndent = 26;

    public static IEnumerable<(LegendEntry Entry, double X, double Y)> Rows(SkyMapScene scene)
    {
        var layout = scene.Layout;
        double left = layout.CentreX - layout.MapWidth / 2;
        double[] columns = [left, layout.CentreX + 10 * layout.Scale];
        int perColumn = 3;
        for (int i = 0; i < scene.Legend.Count; i++)
        {
            double x = columns[Math.Min(i / perColumn, columns.Length - 1)];
            double y = layout.LegendTop + (i % perColumn + 0.75) * layout.LegendRowHeight;
            yield return (scene.Legend[i], x, y);
        }
    }
}
