using System.Xml;

namespace FinkXmatch.Core.Catalogs.VOTable;

/// <summary>
/// The decoded bytes of the base64 content of the element the reader is on (a STREAM), decoded chunk by chunk
/// with <see cref="XmlReader.ReadElementContentAsBase64"/>: neither the text nor the bytes are held whole.
/// </summary>
internal sealed class XmlBase64Stream(XmlReader xml) : ForwardReadStream
{
    private bool _ended;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_ended || count == 0) return 0;
        var n = xml.ReadElementContentAsBase64(buffer, offset, count);
        if (n == 0) _ended = true;
        return n;
    }
}
