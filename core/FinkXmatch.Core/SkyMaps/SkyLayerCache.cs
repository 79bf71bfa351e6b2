using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.SkyMaps;

/// <summary>
/// The rasterised sky (background, sky, footprint and alert pixels) depends only on the shading, the width and the
/// central RA, and costs one inverse projection and membership test per pixel; the last few are kept so repeated
/// PNG requests only draw the sources.
/// </summary>
internal static class SkyLayerCache
{
    private const int Capacity = 4;
    private static readonly LinkedList<(SkyShading Shading, int Width, double CentreRa, byte[] Pixels)> Entries = new();
    private static readonly Lock Gate = new();

    /// <summary>A fresh canvas holding the sky layer for this layout.</summary>
    public static RgbCanvas CanvasWithSky(SkyMapLayout layout, SkyShading shading)
    {
        var canvas = new RgbCanvas(layout.Width, layout.Height, SkyMapPalette.Background);
        lock (Gate)
        {
            for (var node = Entries.First; node is not null; node = node.Next)
            {
                var entry = node.Value;
                if (entry.Shading != shading || entry.Width != layout.Width || entry.CentreRa != layout.Projection.CentreRaDeg)
                    continue;
                entry.Pixels.CopyTo(canvas.Pixels, 0);
                Entries.Remove(node);
                Entries.AddFirst(node);
                return canvas;
            }
        }
        FillSky(canvas, layout, shading);
        lock (Gate)
        {
            Entries.AddFirst((shading, layout.Width, layout.Projection.CentreRaDeg, (byte[])canvas.Pixels.Clone()));
            if (Entries.Count > Capacity) Entries.RemoveLast();
        }
        return canvas;
    }

    /// <summary>Each pixel inside the ellipse is coloured by the shading at its centre (inverse projection).</summary>
    private static void FillSky(RgbCanvas canvas, SkyMapLayout layout, SkyShading shading)
    {
        int y0 = Math.Max(0, (int)Math.Floor(layout.CentreY - layout.MapHeight / 2));
        int y1 = Math.Min(canvas.Height - 1, (int)Math.Ceiling(layout.CentreY + layout.MapHeight / 2));
        int x0 = Math.Max(0, (int)Math.Floor(layout.CentreX - layout.MapWidth / 2));
        int x1 = Math.Min(canvas.Width - 1, (int)Math.Ceiling(layout.CentreX + layout.MapWidth / 2));
        for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++)
            if (layout.TryToSky(x + 0.5, y + 0.5, out double ra, out double dec))
                canvas.Set(x, y, shading.ColourAt(ra, dec));
    }
}
