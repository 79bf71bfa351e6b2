using System.Text;
using System.Xml;

namespace FinkXmatch.Core.Catalogs.VOTable;

/// <summary>
/// TABLEDATA rows: each TR's TD texts are copied with <see cref="XmlReader.ReadValueChunk"/> into one reused
/// character buffer (no string per cell), then parsed on demand. A TR with fewer TDs than FIELDs leaves the
/// rest null; more TDs than FIELDs is an error.
/// </summary>
internal sealed class VOTableTextRows : VOTableRows
{
    private const int MaxRowChars = 1 << 24;

    private readonly XmlReader _xml;
    private readonly VOTableField[] _fields;
    private readonly string _fileName;
    private readonly int[] _start;
    private readonly int[] _length;
    private char[] _text = new char[1024];
    private bool _started;
    private bool _ended;

    public VOTableTextRows(XmlReader xml, VOTableField[] fields, string fileName)
    {
        _xml = xml;
        _fields = fields;
        _fileName = fileName;
        _start = new int[fields.Length];
        _length = new int[fields.Length];
    }

    public override bool MoveNext(long row)
    {
        if (_ended) return false;
        // Positioned on <TABLEDATA> at first, then on the previous row's </TR> (or <TR/>).
        if (!_started)
        {
            _started = true;
            if (_xml.IsEmptyElement) { _ended = true; return false; }
        }
        while (_xml.Read())
        {
            switch (_xml.NodeType)
            {
                case XmlNodeType.Element when _xml.LocalName == "TR":
                    ReadCells(row);
                    return true;
                case XmlNodeType.EndElement when _xml.LocalName == "TABLEDATA":
                    _ended = true;
                    return false;
                case XmlNodeType.Element or XmlNodeType.EndElement or XmlNodeType.Text or XmlNodeType.CDATA:
                    throw Malformed(row, $"unexpected '{_xml.LocalName}{_xml.Value.Trim()}' in TABLEDATA where a TR was expected");
            }
        }
        throw new XmlException("Unexpected end of file inside TABLEDATA.");
    }

    private void ReadCells(long row)
    {
        Array.Fill(_length, -1);
        var used = 0;
        var cell = 0;
        if (_xml.IsEmptyElement) return;
        while (_xml.Read())
        {
            switch (_xml.NodeType)
            {
                case XmlNodeType.Element when _xml.LocalName == "TD":
                    if (cell >= _fields.Length)
                        throw Malformed(row, $"the row has more TD cells than the {_fields.Length} FIELDs");
                    _start[cell] = used;
                    if (!_xml.IsEmptyElement) used = ReadCellText(row, used);
                    _length[cell] = used - _start[cell];
                    cell++;
                    break;
                case XmlNodeType.EndElement when _xml.LocalName == "TR":
                    return;
                case XmlNodeType.Element or XmlNodeType.EndElement or XmlNodeType.Text or XmlNodeType.CDATA:
                    throw Malformed(row, $"unexpected '{_xml.LocalName}' in TR where a TD was expected");
            }
        }
        throw new XmlException("Unexpected end of file inside a TR.");
    }

    /// <summary>Appends the text of the current TD to the buffer; returns the new used length.</summary>
    private int ReadCellText(long row, int used)
    {
        while (_xml.Read())
        {
            switch (_xml.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    while (true)
                    {
                        if (used == _text.Length)
                        {
                            if (_text.Length >= MaxRowChars) throw Malformed(row, $"the row holds more than {MaxRowChars} characters");
                            Array.Resize(ref _text, _text.Length * 2);
                        }
                        var n = _xml.ReadValueChunk(_text, used, _text.Length - used);
                        if (n == 0) break;
                        used += n;
                    }
                    break;
                case XmlNodeType.EndElement:
                    return used;
                case XmlNodeType.Element:
                    throw Malformed(row, $"unexpected element '{_xml.LocalName}' inside a TD");
            }
        }
        throw new XmlException("Unexpected end of file inside a TD.");
    }

    private CatalogException Malformed(long row, string detail) =>
        new(CatalogErrorKind.MalformedFile, _fileName, detail, row);

    /// <summary>The cell's text with surrounding whitespace removed (XML layout is not content).</summary>
    private ReadOnlySpan<char> Cell(int column)
    {
        var length = _length[column];
        return length < 0 ? [] : _text.AsSpan(_start[column], length).Trim();
    }

    public override bool IsNull(int column)
    {
        var text = Cell(column);
        var field = _fields[column];
        if (text.IsEmpty) return true;
        if (field.NullText is { } nullText && text.SequenceEqual(nullText.AsSpan().Trim())) return true;
        if (field.IsArray && !field.IsText) return false;
        return field.Datatype switch
        {
            VOTableDatatype.Boolean or VOTableDatatype.Bit => VOTableValueText.ParseBool(text) is null,
            VOTableDatatype.Float or VOTableDatatype.Double =>
                VOTableValueText.TryParseReal(text, false, out var v) && (double.IsNaN(v) || v == field.NullReal),
            _ when field.IsInteger => VOTableField.TryParseInteger(text, out var i) && i == field.NullInteger,
            _ => false,
        };
    }

    public override bool TryGetDouble(int column, out double value)
    {
        value = double.NaN;
        var field = _fields[column];
        if (IsNull(column) || field.IsArray && !field.IsText) return false;
        var text = Cell(column);
        if (field.IsInteger)
        {
            if (!VOTableField.TryParseInteger(text, out var i)) return false;
            value = i;
            return true;
        }
        if (field.Datatype is VOTableDatatype.Boolean or VOTableDatatype.Bit
            or VOTableDatatype.FloatComplex or VOTableDatatype.DoubleComplex)
            return false;
        return VOTableValueText.TryParseReal(text, field.Datatype == VOTableDatatype.Float, out value);
    }

    public override string GetText(int column)
    {
        if (IsNull(column)) return "";
        var field = _fields[column];
        var raw = _length[column] < 0 ? [] : _text.AsSpan(_start[column], _length[column]);
        if (field.IsText) return raw.TrimEnd().ToString();
        var text = raw.Trim();
        var complex = field.Datatype is VOTableDatatype.FloatComplex or VOTableDatatype.DoubleComplex;
        if (!field.IsArray && !complex) return Element(field, text) ?? text.ToString();
        var array = ArrayText(field, text);
        // A scalar complex is "(re, im)" without the array brackets.
        return field.IsArray ? array : array[1..^1];
    }

    /// <summary>Normalised text of one scalar token, or null when it does not parse.</summary>
    private static string? Element(VOTableField field, ReadOnlySpan<char> token)
    {
        switch (field.Datatype)
        {
            case VOTableDatatype.Boolean or VOTableDatatype.Bit:
                return VOTableValueText.ParseBool(token) is { } b ? VOTableValueText.Bool(b) : null;
            case VOTableDatatype.Float or VOTableDatatype.Double:
                var single = field.Datatype == VOTableDatatype.Float;
                return VOTableValueText.TryParseReal(token, single, out var v) ? VOTableValueText.Real(v, single) : null;
            default:
                if (field.IsInteger && VOTableField.TryParseInteger(token, out var i))
                    return i == field.NullInteger ? "null" : i.ToString(VOTableValueText.Invariant);
                return null;
        }
    }

    /// <summary>"[a, b, ...]" from whitespace-separated tokens (bits may be run together); complex as pairs.</summary>
    private static string ArrayText(VOTableField field, ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder("[");
        var first = true;
        if (field.Datatype == VOTableDatatype.Bit)
        {
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c)) continue;
                sb.Append(first ? "" : ", ").Append(c == '1' ? "true" : c == '0' ? "false" : c.ToString());
                first = false;
            }
            return sb.Append(']').ToString();
        }
        var complex = field.Datatype is VOTableDatatype.FloatComplex or VOTableDatatype.DoubleComplex;
        var single = field.Datatype is VOTableDatatype.Float or VOTableDatatype.FloatComplex;
        var pending = -1;
        foreach (var range in text.SplitAny(" \t\r\n"))
        {
            var token = text[range];
            if (token.IsEmpty) continue;
            var element = complex
                ? (VOTableValueText.TryParseReal(token, single, out var part) ? VOTableValueText.Real(part, single) : token.ToString())
                : Element(field, token) ?? token.ToString();
            if (complex && pending < 0)
            {
                sb.Append(first ? "(" : ", (").Append(element);
                pending = 1;
            }
            else if (complex)
            {
                sb.Append(", ").Append(element).Append(')');
                pending = -1;
            }
            else
            {
                sb.Append(first ? "" : ", ").Append(element);
            }
            first = false;
        }
        if (pending > 0) sb.Append(')');
        return sb.Append(']').ToString();
    }
}
