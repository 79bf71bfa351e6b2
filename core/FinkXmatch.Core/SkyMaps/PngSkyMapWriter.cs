namespace FinkXmatch.Core.SkyMaps;

/// <summary>Rasterises a <see cref="SkyMapScene"/> into an RGB canvas and encodes it as PNG.</summary>
internal static class PngSkyMapWriter
{
    public static byte[] Write(SkyMapScene scene)
    {
        var layout = scene.Layout;
        var canvas = SkyLayerCache.CanvasWithSky(layout, scene.Shading);
        double s = layout.Scale;

        var sources = scene.Sources;
        double radius = Math.Max(0.7, scene.PointRadius);
        foreach (bool inside in (bool[])[false, true])
        {
            var colour = inside ? SkyMapPalette.SourceInside : SkyMapPalette.SourceOutside;
            for (int i = 0; i < sources.Shown; i++)
                if (sources.IsInside[i] == inside) canvas.FillDisc(sources.X[i], sources.Y[i], radius, colour);
        }

        // Lines over the sources, so the grid and the plane stay visible on dense catalogs.
        canvas.DrawPolylines(scene.Grid, Math.Max(0.8, 0.8 * s), SkyMapPalette.Grid);
        canvas.DrawPolylines(scene.GalacticPlane, Math.Max(1.2, 1.8 * s), SkyMapPalette.GalacticPlane);
        canvas.DrawPolylines([Outline(layout)], Math.Max(1, 1.2 * s), SkyMapPalette.Ink);

        int fontScale = Math.Max(1, (int)Math.Round(2 * s));
        foreach (var label in scene.GridLabels) Text(canvas, label, fontScale);
        if (scene.Title is not null)
            Text(canvas, new MapLabel(layout.Width / 2.0, 30 * s, scene.Title, LabelAlign.Middle), fontScale + 1);
        Legend(canvas, scene, fontScale);
        return PngEncoder.EncodeRgb(canvas.Pixels, canvas.Width, canvas.Height);
    }

    private static Polyline Outline(SkyMapLayout layout)
    {
        const int steps = 720;
        var xs = new double[steps + 1];
        var ys = new double[steps + 1];
        for (int i = 0; i <= steps; i++)
        {
            var (sin, cos) = Math.SinCos(2 * Math.PI * i / steps);
            xs[i] = layout.CentreX + cos * layout.MapWidth / 2;
            ys[i] = layout.CentreY + sin * layout.MapHeight / 2;
        }
        return new Polyline(xs, ys);
    }

    private static void Legend(RgbCanvas canvas, SkyMapScene scene, int fontScale)
    {
        double s = scene.Layout.Scale;
        foreach (var (entry, x, y) in LegendPlacement.Rows(scene))
        {
            double mid = y - 4.5 * s;
            switch (entry.Mark)
            {
                case LegendMark.Area:
                    canvas.FillRectangle((int)x, (int)(mid - 6 * s), (int)(18 * s), (int)(12 * s), entry.Colour);
                    break;
                case LegendMark.Dot:
                    canvas.FillDisc(x + 9 * s, mid, 3.5 * s, entry.Colour);
                    break;
                case LegendMark.Line:
                    canvas.DrawPolylines([new Polyline([x, x + 18 * s], [mid, mid])], 1.8 * s, entry.Colour);
                    break;
            }
            Text(canvas, new MapLabel(x + LegendPlacement.TextIndent * s, y, entry.Text, LabelAlign.Start), fontScale);
        }
    }

    private static void Text(RgbCanvas canvas, MapLabel label, int scale)
    {
        int width = BitmapFont.MeasureWidth(label.Text, scale);
        double left = label.Align switch
        {
            LabelAlign.Middle => label.X - width / 2.0,
            LabelAlign.End => label.X - width,
            _ => label.X,
        };
        BitmapFont.Draw(canvas, (int)Math.Round(left), (int)Math.Round(label.Y) - BitmapFont.GlyphHeight * scale,
            label.Text, scale, SkyMapPalette.Ink);
    }
}
