using System.Xml;

namespace FinkXmatch.Core.Catalogs.VOTable;

/// <summary>How the first TABLE's DATA is serialised.</summary>
internal enum VOTableSerialization
{
    None,
    TableData,
    Binary,
    Binary2,
}

/// <summary>
/// Reads a VOTable document up to the start of the first TABLE's data: its FIELDs (name or ID, datatype,
/// arraysize, VALUES null) and the serialisation. Leaves the XmlReader on the TABLEDATA or STREAM element.
/// </summary>
internal static class VOTableHeader
{
    public static (VOTableField[] Fields, VOTableSerialization Serialization) Read(XmlReader xml, string fileName)
    {
        if (xml.MoveToContent() != XmlNodeType.Element || xml.LocalName != "VOTABLE") throw NotVOTable(fileName);
        if (!MoveToFirstTable(xml))
            throw new CatalogException(CatalogErrorKind.MalformedFile, fileName, "the VOTable holds no TABLE");
        var fields = new List<VOTableField>();
        if (xml.IsEmptyElement) return ([], VOTableSerialization.None);
        var tableDepth = xml.Depth;
        xml.Read();
        while (!xml.EOF && xml.Depth > tableDepth)
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                xml.Read();
                continue;
            }
            switch (xml.LocalName)
            {
                case "FIELD":
                    fields.Add(ReadField(xml, fileName, fields.Count + 1));
                    xml.Read();
                    break;
                case "DATA":
                    return ([.. fields], ReadDataStart(xml, fileName));
                default:
                    // PARAM, GROUP, DESCRIPTION, INFO, LINK...: not columns. Skip() lands on the next node.
                    xml.Skip();
                    break;
            }
        }
        return ([.. fields], VOTableSerialization.None);
    }

    private static CatalogException NotVOTable(string fileName) =>
        new(CatalogErrorKind.WrongFormat, fileName, "not a VOTable: the XML root element is not VOTABLE");

    /// <summary>Finds the first TABLE element under the root, in document order (inside RESOURCEs).</summary>
    private static bool MoveToFirstTable(XmlReader xml)
    {
        while (xml.Read())
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "TABLE") return true;
        return false;
    }

    private static VOTableField ReadField(XmlReader xml, string fileName, int position)
    {
        var name = xml.GetAttribute("name");
        var id = xml.GetAttribute("ID");
        var datatype = xml.GetAttribute("datatype");
        var arraysize = xml.GetAttribute("arraysize");
        string? nullText = null;
        if (!xml.IsEmptyElement)
        {
            var depth = xml.Depth;
            while (xml.Read() && xml.Depth > depth)
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "VALUES")
                    nullText ??= xml.GetAttribute("null");
            }
        }
        return VOTableField.Create(fileName, name, id, datatype, arraysize, nullText, position);
    }

    /// <summary>From DATA to its TABLEDATA element or its BINARY/BINARY2 STREAM element.</summary>
    private static VOTableSerialization ReadDataStart(XmlReader xml, string fileName)
    {
        if (xml.IsEmptyElement) return VOTableSerialization.None;
        var depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && xml.Depth > depth)
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                xml.Read();
                continue;
            }
            switch (xml.LocalName)
            {
                case "TABLEDATA":
                    return VOTableSerialization.TableData;
                case "BINARY":
                    MoveToStream(xml, fileName);
                    return VOTableSerialization.Binary;
                case "BINARY2":
                    MoveToStream(xml, fileName);
                    return VOTableSerialization.Binary2;
                case "FITS":
                    throw new CatalogException(CatalogErrorKind.UnsupportedFormat, fileName,
                        "VOTable DATA serialised as FITS is not supported: use TABLEDATA, BINARY or BINARY2");
                default:
                    xml.Skip();
                    break;
            }
        }
        return VOTableSerialization.None;
    }

    private static void MoveToStream(XmlReader xml, string fileName)
    {
        if (xml.IsEmptyElement || !xml.ReadToDescendant("STREAM", xml.NamespaceURI))
            throw new CatalogException(CatalogErrorKind.MalformedFile, fileName, "a BINARY/BINARY2 element has no STREAM");
        if (xml.GetAttribute("href") is { } href)
            throw new CatalogException(CatalogErrorKind.UnsupportedFormat, fileName,
                $"the binary STREAM refers to external data ({href}): only inline base64 data is supported");
        var encoding = xml.GetAttribute("encoding");
        if (encoding is not null && encoding != "base64")
            throw new CatalogException(CatalogErrorKind.UnsupportedFormat, fileName,
                $"the binary STREAM encoding '{encoding}' is not supported: only base64");
    }
}
