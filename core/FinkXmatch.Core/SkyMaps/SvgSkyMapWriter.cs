using System.Globalization;
using System.Text;
using System.Xml;

namespace FinkXmatch.Core.SkyMaps;

/// <summary>Writes a <see cref="SkyMapScene"/> as a standalone SVG document (XmlWriter, so it is always well-formed).</summary>
internal static class SvgSkyMapWriter
{
    private const string SvgNamespace = "http://www.w3.org/2000/svg";
    private const double FootprintCell = 1.5;

    public static string Write(SkyMapScene scene)
    {
        var layout = scene.Layout;
        var text = new StringBuilder(256 * 1024 + scene.Sources.Shown * 44);
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false }))
        {
            xml.WriteStartElement("svg", SvgNamespace);
            Attributes(xml, ("width", layout.Width), ("height", layout.Height));
            xml.WriteAttributeString("viewBox", $"0 0 {layout.Width} {layout.Height}");
            xml.WriteAttributeString("font-family", "Helvetica, Arial, sans-serif");
            xml.WriteAttributeString("font-size", "13");
            xml.WriteElementString("title", SvgNamespace, scene.Title ?? (scene.Shading.Alerts is null ? "ZTF DR7 footprint" : "alerts of the chosen nights"));
            Element(xml, "rect", ("width", layout.Width), ("height", layout.Height), ("fill", SkyMapPalette.Background.Hex));

            xml.WriteStartElement("defs");
            xml.WriteStartElement("clipPath");
            xml.WriteAttributeString("id", "sky");
            Ellipse(xml, layout, ("fill", "none"));
            xml.WriteEndElement();
            xml.WriteEndElement();

            Ellipse(xml, layout, ("fill", SkyMapPalette.Sky.Hex));
            if (scene.Shading.Footprint is { } footprint)
                Area(xml, layout, "footprint", footprint, SkyMapPalette.Footprint);
            if (scene.Shading.Alerts is { } alerts)
                Area(xml, layout, "alerts", alerts, SkyMapPalette.Alerts);

            Sources(xml, scene, inside: false, "sources-outside", SkyMapPalette.SourceOutside);
            Sources(xml, scene, inside: true, "sources-inside", SkyMapPalette.SourceInside);

            // Lines over the sources, so the grid and the plane stay visible on dense catalogs.
            xml.WriteStartElement("g");
            Attributes(xml, ("id", "grid"), ("fill", "none"), ("stroke", SkyMapPalette.Grid.Hex), ("stroke-width", 0.6));
            foreach (var line in scene.Grid) Element(xml, "path", ("d", PathData(line)));
            xml.WriteEndElement();

            Element(xml, "path", ("id", "galactic-plane"), ("fill", "none"), ("stroke", SkyMapPalette.GalacticPlane.Hex),
                ("stroke-width", 1.6), ("d", string.Concat(scene.GalacticPlane.Select(PathData))));
            Ellipse(xml, layout, ("fill", "none"), ("stroke", SkyMapPalette.Ink.Hex), ("stroke-width", 1.2));

            xml.WriteStartElement("g");
            Attributes(xml, ("id", "labels"), ("fill", SkyMapPalette.Ink.Hex));
            foreach (var label in scene.GridLabels) Text(xml, label);
            xml.WriteEndElement();
            if (scene.Title is not null)
                Text(xml, new MapLabel(layout.Width / 2.0, 28, scene.Title, LabelAlign.Middle), ("font-size", 18));
            Legend(xml, scene);
            xml.WriteEndElement();
        }
        return text.ToString();
    }

    private static void Area(XmlWriter xml, SkyMapLayout layout, string id, Sky.Moc.SkyCoverage coverage, Rgb colour) =>
        Element(xml, "path", ("id", id), ("clip-path", "url(#sky)"), ("fill", colour.Hex),
            ("d", FootprintRows.SvgPath(layout, coverage, FootprintCell)));

    private static void Sources(XmlWriter xml, SkyMapScene scene, bool inside, string id, Rgb colour)
    {
        var sources = scene.Sources;
        string r = Number(scene.PointRadius);
        xml.WriteStartElement("g");
        Attributes(xml, ("id", id), ("fill", colour.Hex));
        for (int i = 0; i < sources.Shown; i++)
        {
            if (sources.IsInside[i] != inside) continue;
            xml.WriteStartElement("circle");
            xml.WriteAttributeString("cx", Number(sources.X[i]));
            xml.WriteAttributeString("cy", Number(sources.Y[i]));
            xml.WriteAttributeString("r", r);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void Legend(XmlWriter xml, SkyMapScene scene)
    {
        var layout = scene.Layout;
        xml.WriteStartElement("g");
        Attributes(xml, ("id", "legend"), ("fill", SkyMapPalette.Ink.Hex));
        foreach (var (entry, x, y) in LegendPlacement.Rows(scene))
        {
            double mid = y - 4.5;
            switch (entry.Mark)
            {
                case LegendMark.Area:
                    Element(xml, "rect", ("x", x), ("y", mid - 6), ("width", 18), ("height", 12), ("fill", entry.Colour.Hex),
                        ("stroke", SkyMapPalette.Grid.Hex), ("stroke-width", 0.6));
                    break;
                case LegendMark.Dot:
                    Element(xml, "circle", ("cx", x + 9), ("cy", mid), ("r", 3.5), ("fill", entry.Colour.Hex));
                    break;
                case LegendMark.Line:
                    Element(xml, "path", ("d", $"M{Number(x)} {Number(mid)}h18"), ("stroke", entry.Colour.Hex),
                        ("stroke-width", 1.6));
                    break;
            }
            Text(xml, new MapLabel(x + LegendPlacement.TextIndent * layout.Scale, y, entry.Text, LabelAlign.Start));
        }
        xml.WriteEndElement();
    }

    private static void Ellipse(XmlWriter xml, SkyMapLayout layout, params (string, object)[] attributes)
    {
        xml.WriteStartElement("ellipse");
        Attributes(xml, ("cx", layout.CentreX), ("cy", layout.CentreY), ("rx", layout.MapWidth / 2), ("ry", layout.MapHeight / 2));
        Attributes(xml, attributes);
        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, MapLabel label, params (string, object)[] attributes)
    {
        xml.WriteStartElement("text");
        Attributes(xml, ("x", label.X), ("y", label.Y));
        if (label.Align != LabelAlign.Start)
            xml.WriteAttributeString("text-anchor", label.Align == LabelAlign.Middle ? "middle" : "end");
        Attributes(xml, attributes);
        xml.WriteString(label.Text);
        xml.WriteEndElement();
    }

    private static void Element(XmlWriter xml, string name, params (string, object)[] attributes)
    {
        xml.WriteStartElement(name);
        Attributes(xml, attributes);
        xml.WriteEndElement();
    }

    private static void Attributes(XmlWriter xml, params (string Name, object Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
            xml.WriteAttributeString(name, value is double d ? Number(d) : Convert.ToString(value, CultureInfo.InvariantCulture));
    }

    private static string PathData(Polyline line)
    {
        var d = new StringBuilder(line.X.Length * 14);
        for (int i = 0; i < line.X.Length; i++)
            d.Append(i == 0 ? 'M' : 'L').Append(Number(line.X[i])).Append(' ').Append(Number(line.Y[i]));
        return d.ToString();
    }

    private static string Number(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
