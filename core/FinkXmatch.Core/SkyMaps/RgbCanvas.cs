namespace FinkXmatch.Core.SkyMaps;

/// <summary>An RGB pixel buffer with the few anti-aliased primitives the sky map needs (coverage = distance-based).</summary>
internal sealed class RgbCanvas
{
    public RgbCanvas(int width, int height, Rgb fill)
    {
        Width = width;
        Height = height;
        Pixels = new byte[checked(width * height * 3)];
        for (int i = 0; i < Pixels.Length; i += 3)
        {
            Pixels[i] = fill.R;
            Pixels[i + 1] = fill.G;
            Pixels[i + 2] = fill.B;
        }
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>RGB bytes, rows top to bottom.</summary>
    public byte[] Pixels { get; }

    public void Set(int x, int y, Rgb colour)
    {
        int i = (y * Width + x) * 3;
        Pixels[i] = colour.R;
        Pixels[i + 1] = colour.G;
        Pixels[i + 2] = colour.B;
    }

    public Rgb Get(int x, int y)
    {
        int i = (y * Width + x) * 3;
        return new Rgb(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }

    /// <summary>Mixes <paramref name="colour"/> into a pixel with weight <paramref name="alpha"/> in [0, 1].</summary>
    public void Blend(int x, int y, Rgb colour, double alpha)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || alpha <= 0) return;
        if (alpha >= 1)
        {
            Set(x, y, colour);
            return;
        }
        int i = (y * Width + x) * 3;
        Pixels[i] = Mix(Pixels[i], colour.R, alpha);
        Pixels[i + 1] = Mix(Pixels[i + 1], colour.G, alpha);
        Pixels[i + 2] = Mix(Pixels[i + 2], colour.B, alpha);
    }

    /// <summary>A filled disc centred at (cx, cy) in continuous pixel coordinates (pixel centres at +0.5).</summary>
    public void FillDisc(double cx, double cy, double radius, Rgb colour)
    {
        int x0 = (int)Math.Floor(cx - radius - 1), x1 = (int)Math.Ceiling(cx + radius + 1);
        int y0 = (int)Math.Floor(cy - radius - 1), y1 = (int)Math.Ceiling(cy + radius + 1);
        for (int y = Math.Max(y0, 0); y <= Math.Min(y1, Height - 1); y++)
        for (int x = Math.Max(x0, 0); x <= Math.Min(x1, Width - 1); x++)
        {
            double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
            Blend(x, y, colour, radius + 0.5 - Math.Sqrt(dx * dx + dy * dy));
        }
    }

    /// <summary>
    /// Strokes lines <paramref name="width"/> pixels wide. Coverage is accumulated as a per-pixel maximum before
    /// blending once, so the joints of consecutive segments and crossing lines of one colour do not darken.
    /// </summary>
    public void DrawPolylines(IEnumerable<Polyline> lines, double width, Rgb colour)
    {
        var coverage = new float[Width * Height];
        foreach (var line in lines)
            for (int i = 1; i < line.X.Length; i++)
                StrokeSegment(coverage, line.X[i - 1], line.Y[i - 1], line.X[i], line.Y[i], width / 2);
        for (int i = 0; i < coverage.Length; i++)
            if (coverage[i] > 0) Blend(i % Width, i / Width, colour, coverage[i]);
    }

    private void StrokeSegment(float[] coverage, double ax, double ay, double bx, double by, double half)
    {
        int x0 = (int)Math.Floor(Math.Min(ax, bx) - half - 1), x1 = (int)Math.Ceiling(Math.Max(ax, bx) + half + 1);
        int y0 = (int)Math.Floor(Math.Min(ay, by) - half - 1), y1 = (int)Math.Ceiling(Math.Max(ay, by) + half + 1);
        double dx = bx - ax, dy = by - ay, length2 = dx * dx + dy * dy;
        for (int y = Math.Max(y0, 0); y <= Math.Min(y1, Height - 1); y++)
        for (int x = Math.Max(x0, 0); x <= Math.Min(x1, Width - 1); x++)
        {
            double px = x + 0.5 - ax, py = y + 0.5 - ay;
            double t = length2 == 0 ? 0 : Math.Clamp((px * dx + py * dy) / length2, 0, 1);
            double ex = px - t * dx, ey = py - t * dy;
            float c = (float)Math.Min(1, half + 0.5 - Math.Sqrt(ex * ex + ey * ey));
            ref float cell = ref coverage[y * Width + x];
            if (c > cell) cell = c;
        }
    }

    /// <summary>Fills an axis-aligned rectangle (integer pixel bounds, clipped).</summary>
    public void FillRectangle(int x, int y, int width, int height, Rgb colour)
    {
        for (int j = Math.Max(y, 0); j < Math.Min(y + height, Height); j++)
        for (int i = Math.Max(x, 0); i < Math.Min(x + width, Width); i++)
            Set(i, j, colour);
    }

    private static byte Mix(byte from, byte to, double alpha) => (byte)Math.Round(from + (to - from) * alpha);
}
