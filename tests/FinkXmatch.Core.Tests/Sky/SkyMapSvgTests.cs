using System.Globalization;
using System.Xml.Linq;
using FinkXmatch.Core.Sky.Moc;
using FinkXmatch.Core.SkyMaps;

namespace FinkXmatch.Core.Tests.Sky;

/// <summary>The SVG sky map: well-formed, one circle per source in the right group, the Galactic plane where it belongs.</summary>
public class SkyMapSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Group(XDocument doc, string id) =>
        doc.Descendants().Single(e => (string?)e.Attribute("id") == id);

    private static double Attr(XElement e, string name) =>
        double.Parse((string)e.Attribute(name)!, CultureInfo.InvariantCulture);

    [Fact]
    public void ThreeHspMapHasEverySourceInTheRightGroup()
    {
        var (ra, dec) = MocReference.ThreeHspPositions();
        var renderer = new SkyMapRenderer(options: new SkyMapOptions { Title = "3hsp.csv" });
        string svg = renderer.RenderSvg(ra, dec);
        var doc = XDocument.Parse(svg);
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        Assert.InRange(svg.Length, 10_000, 1_500_000);

        var layout = renderer.LayoutFor(SkyMapLayout.ReferenceWidth);
        var expectedInside = Enumerable.Range(0, ra.Length).Where(i => MocReference.Contains(ra[i], dec[i])).ToArray();
        var expectedOutside = Enumerable.Range(0, ra.Length).Except(expectedInside).ToArray();
        AssertCircles(Group(doc, "sources-inside"), expectedInside.Select(i => layout.ToPixel(ra[i], dec[i])).ToList());
        AssertCircles(Group(doc, "sources-outside"), expectedOutside.Select(i => layout.ToPixel(ra[i], dec[i])).ToList());
        Assert.Equal(ra.Length, doc.Descendants(Svg + "circle").Count(c => c.Parent!.Attribute("id") is not null
            && ((string)c.Parent.Attribute("id")!).StartsWith("sources-", StringComparison.Ordinal)));

        string legend = string.Join("\n", Group(doc, "legend").Descendants(Svg + "text").Select(t => t.Value));
        Assert.Contains($"inside: {expectedInside.Length:N0} of {ra.Length:N0} sources", legend);
        Assert.Contains($"outside: {expectedOutside.Length:N0} sources", legend);
        Assert.Contains("ZTF DR7 footprint (73.3% of the sky)", legend);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "3hsp.csv");
        Assert.NotEmpty((string)Group(doc, "footprint").Attribute("d")!);
    }

    private static void AssertCircles(XElement group, List<(double X, double Y)> expected)
    {
        var circles = group.Elements(Svg + "circle").Select(c => (X: Attr(c, "cx"), Y: Attr(c, "cy"))).ToList();
        Assert.Equal(expected.Count, circles.Count);
        // Same multiset of positions, up to the 0.01 px rounding of the SVG numbers.
        Assert.Equal(expected.Sum(p => p.X), circles.Sum(p => p.X), 0.006 * expected.Count + 1e-9);
        Assert.Equal(expected.Sum(p => p.Y), circles.Sum(p => p.Y), 0.006 * expected.Count + 1e-9);
        Assert.Equal(expected.Sum(p => p.X * p.Y), circles.Sum(p => p.X * p.Y), 12.0 * expected.Count + 1e-9);
    }

    [Fact]
    public void GalacticPlanePassesThroughTheGalacticCentreAndAnticentre()
    {
        var renderer = new SkyMapRenderer();
        var doc = XDocument.Parse(renderer.RenderSvg([], []));
        string d = (string)Group(doc, "galactic-plane").Attribute("d")!;
        Assert.StartsWith("M", d);
        var vertices = d.Split(['M', 'L'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.True(vertices.Count > 500);
        var layout = renderer.LayoutFor(SkyMapLayout.ReferenceWidth);
        // Sgr A* region (l = 0) and the anticentre (l = 180: RA 86.405, Dec +28.936), written independently.
        foreach (var (ra, dec) in new[] { (266.40499, -28.93617), (86.40499, 28.93617) })
        {
            var (x, y) = layout.ToPixel(ra, dec);
            Assert.Contains(vertices, v => Math.Abs(v[0] - x) < 1 && Math.Abs(v[1] - y) < 1);
        }
        Assert.Empty(Group(doc, "sources-inside").Elements());
        var raLabels = Group(doc, "labels").Elements().Select(e => e.Value).Where(t => t.EndsWith('h')).ToList();
        Assert.Equal(Enumerable.Range(1, 11).Select(h => $"{2 * h}h"), raLabels); // 0h is the map edge, unlabelled
    }

    [Fact]
    public void LargeCatalogsAreSubsampledAndSaySo()
    {
        var rng = new Random(3);
        var ra = Enumerable.Range(0, 5000).Select(_ => 360 * rng.NextDouble()).ToArray();
        var dec = Enumerable.Range(0, 5000).Select(_ => Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI).ToArray();
        var doc = XDocument.Parse(new SkyMapRenderer(options: new SkyMapOptions { MaxSvgPoints = 1000 }).RenderSvg(ra, dec));
        int inside = Enumerable.Range(0, ra.Length).Count(i => MocReference.Contains(ra[i], dec[i]));
        int shownInside = Enumerable.Range(0, 1000).Count(k => MocReference.Contains(ra[k * 5], dec[k * 5]));
        Assert.Equal(shownInside, Group(doc, "sources-inside").Elements().Count());
        Assert.Equal(1000 - shownInside, Group(doc, "sources-outside").Elements().Count());
        string legend = string.Join("\n", Group(doc, "legend").Descendants(Svg + "text").Select(t => t.Value));
        Assert.Contains("showing 1,000 of 5,000", legend);
        Assert.Contains($"inside: {inside:N0} of 5,000", legend); // counts cover the whole catalog
    }

    [Fact]
    public void TitleIsEscapedAndCustomFootprintsWork()
    {
        const string title = "a<b>&\"c\".csv";
        var whole = SkyCoverage.FromJson("{\"0\":[0,1,2,3,4,5,6,7,8,9,10,11]}"u8);
        var doc = XDocument.Parse(new SkyMapRenderer(whole, new SkyMapOptions { Title = title, RaInHours = false })
            .RenderSvg([10.0], [20.0]));
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == title);
        Assert.Single(Group(doc, "sources-inside").Elements());
        Assert.Contains(Group(doc, "labels").Elements(), e => e.Value == "90°");
    }
}
