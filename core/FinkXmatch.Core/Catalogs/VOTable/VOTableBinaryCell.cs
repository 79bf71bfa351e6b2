using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace FinkXmatch.Core.Catalogs.VOTable;

/// <summary>
/// Decodes one BINARY value (big-endian primitives, <paramref name="count"/> of them) of a field. Nulls without a
/// BINARY2 mask: the VALUES null integer, NaN floats, '?' logicals, empty strings and empty variable arrays.
/// </summary>
internal static class VOTableBinaryCell
{
    public static bool IsNull(VOTableField field, ReadOnlySpan<byte> bytes, int count)
    {
        if (field.IsText) return TextIsNull(field, bytes);
        if (field.IsArray) return count == 0;
        return field.Datatype switch
        {
            VOTableDatatype.Boolean => VOTableValueText.ByteBool(bytes[0]) is null,
            VOTableDatatype.Float or VOTableDatatype.Double => double.IsNaN(Real(field.Datatype, bytes))
                                                             || Real(field.Datatype, bytes) == field.NullReal,
            _ when field.IsInteger => Integer(field.Datatype, bytes) == field.NullInteger,
            _ => false,
        };
    }

    public static bool TryGetDouble(VOTableField field, ReadOnlySpan<byte> bytes, int count, out double value)
    {
        value = double.NaN;
        if (IsNull(field, bytes, count)) return false;
        if (field.IsText)
        {
            // Only text of plausible number length is parsed, without allocating.
            if (bytes.Length > 256) return false;
            Span<char> chars = stackalloc char[bytes.Length];
            var n = Chars(field, bytes, chars);
            return VOTableValueText.TryParseReal(chars[..n], false, out value);
        }
        if (field.IsArray) return false;
        switch (field.Datatype)
        {
            case VOTableDatatype.Float or VOTableDatatype.Double:
                value = Real(field.Datatype, bytes);
                return true;
            case var _ when field.IsInteger:
                value = Integer(field.Datatype, bytes);
                return true;
            default:
                return false;
        }
    }

    public static string GetText(VOTableField field, ReadOnlySpan<byte> bytes, int count)
    {
        if (field.IsText) return Text(field, bytes);
        if (!field.IsArray && field.Datatype is not (VOTableDatatype.FloatComplex or VOTableDatatype.DoubleComplex))
            return Element(field, bytes, 0);
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++) sb.Append(i == 0 ? "" : ", ").Append(Element(field, bytes, i));
        // A scalar complex is "(re, im)" without the array brackets.
        return field.IsArray ? $"[{sb}]" : sb.ToString();
    }

    private static string Element(VOTableField field, ReadOnlySpan<byte> bytes, int index)
    {
        var size = field.ElementSize;
        switch (field.Datatype)
        {
            case VOTableDatatype.Bit:
                return VOTableValueText.Bool((bytes[index >> 3] & (0x80 >> (index & 7))) != 0);
            case VOTableDatatype.Boolean:
                return VOTableValueText.ByteBool(bytes[index]) is { } b ? VOTableValueText.Bool(b) : "null";
            case VOTableDatatype.Float or VOTableDatatype.Double:
                return VOTableValueText.Real(Real(field.Datatype, bytes.Slice(index * size, size)), field.Datatype == VOTableDatatype.Float);
            case VOTableDatatype.FloatComplex or VOTableDatatype.DoubleComplex:
                var part = field.Datatype == VOTableDatatype.FloatComplex ? VOTableDatatype.Float : VOTableDatatype.Double;
                var single = part == VOTableDatatype.Float;
                var element = bytes.Slice(index * size, size);
                return $"({VOTableValueText.Real(Real(part, element), single)}, {VOTableValueText.Real(Real(part, element[(size / 2)..]), single)})";
            default:
                var value = Integer(field.Datatype, bytes.Slice(index * size, size));
                return field.IsArray && value == field.NullInteger ? "null" : value.ToString(VOTableValueText.Invariant);
        }
    }

    private static long Integer(VOTableDatatype type, ReadOnlySpan<byte> bytes) => type switch
    {
        VOTableDatatype.UnsignedByte => bytes[0],
        VOTableDatatype.Short => BinaryPrimitives.ReadInt16BigEndian(bytes),
        VOTableDatatype.Int => BinaryPrimitives.ReadInt32BigEndian(bytes),
        _ => BinaryPrimitives.ReadInt64BigEndian(bytes),
    };

    private static double Real(VOTableDatatype type, ReadOnlySpan<byte> bytes) =>
        type == VOTableDatatype.Float ? BinaryPrimitives.ReadSingleBigEndian(bytes) : BinaryPrimitives.ReadDoubleBigEndian(bytes);

    /// <summary>char is UTF-8 (ASCII in the standard), unicodeChar UTF-16BE; a NUL ends the text, trailing blanks are padding.</summary>
    private static string Text(VOTableField field, ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        var n = Chars(field, bytes, chars);
        return new string(chars, 0, n);
    }

    private static bool TextIsNull(VOTableField field, ReadOnlySpan<byte> bytes)
    {
        char[]? rented = null;
        var chars = bytes.Length <= 512 ? stackalloc char[bytes.Length] : (rented = ArrayPool<char>.Shared.Rent(bytes.Length));
        var text = chars[..Chars(field, bytes, chars)];
        var isNull = text.IsEmpty || field.NullText is { } n && text.SequenceEqual(n);
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        return isNull;
    }

    private static int Chars(VOTableField field, ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        int n;
        if (field.Datatype == VOTableDatatype.UnicodeChar)
        {
            n = bytes.Length / 2;
            for (var i = 0; i < n; i++) chars[i] = (char)BinaryPrimitives.ReadUInt16BigEndian(bytes[(2 * i)..]);
        }
        else
        {
            n = Encoding.UTF8.GetChars(bytes, chars);
        }
        var nul = chars[..n].IndexOf('\0');
        if (nul >= 0) n = nul;
        return chars[..n].TrimEnd(' ').Length;
    }
}
