using System.Globalization;
using System.Xml.Linq;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Sky.Moc;
using FinkXmatch.Core.SkyMaps;

namespace FinkXmatch.Core.Tests.Sky;

/// <summary>
/// The sky map with the coverage of the chosen nights' alerts: shaded in its own colour over ZTF's footprint (or
/// alone, for a survey without one), named in the legend, and deciding which sources are drawn as inside.
/// </summary>
public sealed class SkyMapAlertsTests
{
    private const int Order = 7;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    // The alerts of some nights: every order-7 pixel whose centre lies in RA 150..210°, Dec 5..25°, away from the Galactic plane (in ZTF's footprint).
    private static readonly SkyCoverage Alerts = Band(150, 210, 5, 25);

    private static (byte, byte, byte) Colour(Rgb c) => (c.R, c.G, c.B);

    [Fact]
    public void The_png_shades_the_alerts_over_the_footprint_with_the_area_of_their_pixels()
    {
        var renderer = SkyMapRenderer.ForAlerts(SkyCoverage.Ztf, Alerts);
        var png = PngTestDecoder.Decode(renderer.RenderPng(1000, [], []));
        var layout = renderer.LayoutFor(1000);

        Assert.Equal(Colour(SkyMapPalette.Alerts), At(png, layout, 165, 15));
        Assert.Equal(Colour(SkyMapPalette.Footprint), At(png, layout, 165, 45));
        Assert.Equal(Colour(SkyMapPalette.Sky), At(png, layout, 75, -50));
        // Equal-area projection: the alerts' share of the sky pixels is their share of the sky.
        int alerts = 0, sky = 0;
        for (int y = 0; y < png.Height; y++)
        for (int x = 0; x < png.Width; x++)
        {
            var p = png.Pixel(x, y);
            if (p == Colour(SkyMapPalette.Alerts)) alerts++;
            else if (p == Colour(SkyMapPalette.Footprint) || p == Colour(SkyMapPalette.Sky)) sky++;
        }
        Assert.InRange(Alerts.SkyFraction, 0.02, 0.04);
        Assert.Equal(Alerts.SkyFraction, alerts / (double)(alerts + sky), 0.002);
    }

    [Fact]
    public void Sources_are_inside_where_the_nights_have_alerts_not_merely_in_the_footprint()
    {
        double[] ra = [165, 165, 75], dec = [15, 45, -50];
        Assert.True(MocReference.Contains(165, 45)); // in ZTF's footprint, but no alert there
        var renderer = SkyMapRenderer.ForAlerts(SkyCoverage.Ztf, Alerts);
        var png = PngTestDecoder.Decode(renderer.RenderPng(1200, ra, dec));
        var layout = renderer.LayoutFor(1200);
        Assert.Equal(Colour(SkyMapPalette.SourceInside), At(png, layout, 165, 15));
        Assert.Equal(Colour(SkyMapPalette.SourceOutside), At(png, layout, 165, 45));
        Assert.Equal(Colour(SkyMapPalette.SourceOutside), At(png, layout, 75, -50));

        var doc = XDocument.Parse(renderer.RenderSvg(ra, dec));
        Assert.Single(Element(doc, "sources-inside").Elements());
        Assert.Equal(2, Element(doc, "sources-outside").Elements().Count());
        var legend = string.Join("\n", Element(doc, "legend").Descendants(Svg + "text").Select(t => t.Value));
        Assert.Contains("ZTF DR7 footprint (73.3% of the sky)", legend);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"alerts of the chosen nights ({100 * Alerts.SkyFraction:F1}% of the sky)"), legend);
        Assert.Contains("where they have alerts: 1 of 3 sources (33.3%)", legend);
        Assert.Contains("elsewhere: 2 sources", legend);
        Assert.NotEmpty((string)Element(doc, "footprint").Attribute("d")!);
        Assert.NotEmpty((string)Element(doc, "alerts").Attribute("d")!);
    }

    [Fact]
    public void Without_a_survey_footprint_the_alerts_are_the_only_area()
    {
        var renderer = SkyMapRenderer.ForAlerts(null, Alerts);
        var doc = XDocument.Parse(renderer.RenderSvg([165.0], [15.0]));
        Assert.DoesNotContain(doc.Descendants(), e => (string?)e.Attribute("id") == "footprint");
        Assert.NotEmpty((string)Element(doc, "alerts").Attribute("d")!);
        var legend = Element(doc, "legend").Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.DoesNotContain(legend, t => t.Contains("ZTF", StringComparison.Ordinal));
        Assert.Contains("where they have alerts: 1 of 1 sources (100.0%)", legend);

        var png = PngTestDecoder.Decode(renderer.RenderPng(800, [], []));
        var layout = renderer.LayoutFor(800);
        Assert.Equal(Colour(SkyMapPalette.Sky), At(png, layout, 165, 45)); // no footprint shaded
        Assert.Equal(Colour(SkyMapPalette.Alerts), At(png, layout, 165, 15));
    }

    [Fact]
    public void A_few_alert_pixels_are_not_rounded_to_none_of_the_sky()
    {
        var one = new ulong[(12 << (2 * Order)) / 64];
        one[0] = 1;
        var doc = XDocument.Parse(SkyMapRenderer.ForAlerts(null, SkyCoverage.FromNestedBits(Order, one)).RenderSvg([], []));
        Assert.Contains(Element(doc, "legend").Descendants(Svg + "text"), t => t.Value == "alerts of the chosen nights (0.001% of the sky)");
    }

    private static (byte, byte, byte) At(PngTestDecoder png, SkyMapLayout layout, double ra, double dec)
    {
        var (x, y) = layout.ToPixel(ra, dec);
        return png.Pixel((int)x, (int)y);
    }

    private static XElement Element(XDocument doc, string id) => doc.Descendants().Single(e => (string?)e.Attribute("id") == id);

    private static SkyCoverage Band(double raFrom, double raTo, double decFrom, double decTo)
    {
        int nside = 1 << Order;
        var bits = new ulong[(12 << (2 * Order)) / 64];
        for (long p = 0; p < 12L * nside * nside; p++)
        {
            var (ra, dec) = Healpix.Pix2AngNest(nside, p);
            if (ra >= raFrom && ra <= raTo && dec >= decFrom && dec <= decTo) bits[p / 64] |= 1UL << (int)(p % 64);
        }
        return SkyCoverage.FromNestedBits(Order, bits);
    }
}
