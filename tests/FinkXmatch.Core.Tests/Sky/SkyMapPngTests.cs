using System.Diagnostics;
using FinkXmatch.Core.Sky.Moc;
using FinkXmatch.Core.SkyMaps;
using Xunit.Abstractions;

namespace FinkXmatch.Core.Tests.Sky;

/// <summary>The PNG sky map decoded by an independent reader: structure, CRCs, and colours at known positions.</summary>
public class SkyMapPngTests(ITestOutputHelper output)
{
    private static (byte, byte, byte) Colour(Rgb c) => (c.R, c.G, c.B);

    [Fact]
    public void DecodesWithTheFootprintAndTheSkyWhereTheyBelong()
    {
        var renderer = new SkyMapRenderer();
        var png = PngTestDecoder.Decode(renderer.RenderPng(800, [], []));
        var layout = renderer.LayoutFor(800);
        Assert.Equal(800, png.Width);
        Assert.Equal(layout.Height, png.Height);
        Assert.Equal(8, png.BitDepth);
        Assert.Equal(2, png.ColourType);
        Assert.Equal(["IHDR", "IDAT", "IEND"], png.Chunks);

        Assert.True(MocReference.Contains(165, 45)); // off the grid lines and the Galactic plane
        var (x, y) = layout.ToPixel(165, 45);
        Assert.Equal(Colour(SkyMapPalette.Footprint), png.Pixel((int)x, (int)y));
        Assert.False(MocReference.Contains(75, -50));
        (x, y) = layout.ToPixel(75, -50);
        Assert.Equal(Colour(SkyMapPalette.Sky), png.Pixel((int)x, (int)y));
        Assert.Equal(Colour(SkyMapPalette.Background), png.Pixel(2, 2));
    }

    [Fact]
    public void FootprintShareOfTheMapIsItsShareOfTheSky()
    {
        // Equal-area projection: the footprint's share of the sky pixels is its sky fraction.
        var png = PngTestDecoder.Decode(new SkyMapRenderer().RenderPng(1000, [], []));
        int footprint = 0, sky = 0;
        for (int y = 0; y < png.Height; y++)
        for (int x = 0; x < png.Width; x++)
        {
            var p = png.Pixel(x, y);
            if (p == Colour(SkyMapPalette.Footprint)) footprint++;
            else if (p == Colour(SkyMapPalette.Sky)) sky++;
        }
        Assert.Equal(SkyCoverage.Ztf.SkyFraction, footprint / (double)(footprint + sky), 0.01);
    }

    [Fact]
    public void SourcesAreColouredByFootprintMembership()
    {
        double[] ra = [100, 100], dec = [20, -50];
        Assert.True(MocReference.Contains(ra[0], dec[0]));
        Assert.False(MocReference.Contains(ra[1], dec[1]));
        var renderer = new SkyMapRenderer();
        var png = PngTestDecoder.Decode(renderer.RenderPng(1200, ra, dec));
        var layout = renderer.LayoutFor(1200);
        var (x, y) = layout.ToPixel(ra[0], dec[0]);
        Assert.Equal(Colour(SkyMapPalette.SourceInside), png.Pixel((int)x, (int)y));
        (x, y) = layout.ToPixel(ra[1], dec[1]);
        Assert.Equal(Colour(SkyMapPalette.SourceOutside), png.Pixel((int)x, (int)y));
    }

    [Fact]
    public void ThreeHspRendersQuickly()
    {
        var (ra, dec) = MocReference.ThreeHspPositions();
        var renderer = new SkyMapRenderer();
        renderer.RenderPng(1200, ra, dec); // warm-up
        var watch = Stopwatch.StartNew();
        byte[] bytes = renderer.RenderPng(1200, ra, dec);
        var pngTime = watch.Elapsed;
        watch.Restart();
        string svg = renderer.RenderSvg(ra, dec);
        output.WriteLine($"3hsp: PNG {pngTime.TotalMilliseconds:F0} ms {bytes.Length} B, SVG {watch.Elapsed.TotalMilliseconds:F0} ms {svg.Length} chars");
        var png = PngTestDecoder.Decode(bytes);
        Assert.Equal(1200, png.Width);
        Assert.True(pngTime < TimeSpan.FromSeconds(3), $"{pngTime}"); // ~0.1 s alone; generous for shared CI cores
    }

    [Fact]
    public void LargeCatalogsAreSubsampledDeterministically()
    {
        var rng = new Random(11);
        int n = 300_000;
        var ra = new double[n];
        var dec = new double[n];
        for (int i = 0; i < n; i++) (ra[i], dec[i]) = (360 * rng.NextDouble(), Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI);
        var layout = new SkyMapLayout(1200, new MollweideProjection());
        var sample = SourceSample.Take(layout, SkyCoverage.Ztf, ra, dec, 200_000);
        Assert.Equal(200_000, sample.Shown);
        Assert.Equal(n, sample.Total);
        Assert.Equal(SkyCoverage.Ztf.CountInside(ra, dec), sample.Inside);
        var (x, y) = layout.ToPixel(ra[3], dec[3]); // k = 2 takes source 2·300000/200000 = 3
        Assert.Equal(x, sample.X[2]);
        Assert.Equal(y, sample.Y[2]);
    }

    [Fact]
    public void CachedSkyLayerGivesIdenticalImagesAndIsKeptPerFootprint()
    {
        var ztf = new SkyMapRenderer();
        byte[] first = ztf.RenderPng(777, [10.0], [20.0]); // a width no other test uses: this one fills the cache
        Assert.Equal(first, ztf.RenderPng(777, [10.0], [20.0]));
        var whole = new SkyMapRenderer(SkyCoverage.FromJson("{\"0\":[0,1,2,3,4,5,6,7,8,9,10,11]}"u8));
        var png = PngTestDecoder.Decode(whole.RenderPng(777, [], []));
        var (x, y) = whole.LayoutFor(777).ToPixel(75, -50);
        Assert.Equal(Colour(SkyMapPalette.Footprint), png.Pixel((int)x, (int)y));
        png = PngTestDecoder.Decode(ztf.RenderPng(777, [], []));
        Assert.Equal(Colour(SkyMapPalette.Sky), png.Pixel((int)x, (int)y));
    }

    [Fact]
    public void RejectsUnreasonableWidthsAndMismatchedColumns()
    {
        var renderer = new SkyMapRenderer();
        Assert.Throws<ArgumentOutOfRangeException>(() => renderer.RenderPng(10, [], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => renderer.RenderPng(100_000, [], []));
        Assert.Throws<ArgumentException>(() => renderer.RenderPng(800, [1.0, 2.0], [1.0]));
    }
}
