using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace FinkXmatch.Core.Catalogs.Fits;

/// <summary>
/// Turns the big-endian bytes of one column of one row into values. Stateless; the reader passes the row.
/// Scalar paths do not allocate; text renderings do.
/// </summary>
internal static class FitsCellDecoder
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static bool IsNull(FitsColumn column, ReadOnlySpan<byte> row)
    {
        var cell = row.Slice(column.Offset, (int)column.Width);
        return column.Kind switch
        {
            FitsValueKind.Text => TrimmedText(cell).IsEmpty,
            FitsValueKind.Boolean => column.TypeCode == 'L' && cell[0] == 0,
            FitsValueKind.Integer or FitsValueKind.UnsignedLong => IsNullInteger(column, cell),
            FitsValueKind.Real => IsNullInteger(column, cell) || double.IsNaN(RealValue(column, cell)),
            FitsValueKind.NoValue => true,
            _ => false,
        };
    }

    public static bool TryGetDouble(FitsColumn column, ReadOnlySpan<byte> row, out double value)
    {
        var cell = row.Slice(column.Offset, (int)column.Width);
        value = double.NaN;
        switch (column.Kind)
        {
            case FitsValueKind.Integer when !IsNullInteger(column, cell):
                value = RawInteger(column.TypeCode, cell) + column.IntegerZero;
                return true;
            case FitsValueKind.UnsignedLong when !IsNullInteger(column, cell):
                value = ToUnsigned(RawInteger('K', cell));
                return true;
            case FitsValueKind.Real when !IsNullInteger(column, cell):
                value = RealValue(column, cell);
                return !double.IsNaN(value);
            case FitsValueKind.Text:
                return TryParseText(TrimmedText(cell), out value);
            default:
                return false;
        }
    }

    public static string GetText(FitsColumn column, ReadOnlySpan<byte> row)
    {
        if (IsNull(column, row)) return "";
        var cell = row.Slice(column.Offset, (int)column.Width);
        return column.Kind switch
        {
            FitsValueKind.Text => Encoding.Latin1.GetString(TrimmedText(cell)),
            FitsValueKind.Boolean => column.TypeCode == 'X' ? BitText(cell, 0) : LogicalText(cell[0]),
            FitsValueKind.Integer => (RawInteger(column.TypeCode, cell) + column.IntegerZero).ToString(Invariant),
            FitsValueKind.UnsignedLong => ToUnsigned(RawInteger('K', cell)).ToString(Invariant),
            FitsValueKind.Real => column.Type == CatalogColumnType.Float
                ? BinaryPrimitives.ReadSingleBigEndian(cell).ToString(Invariant)
                : RealValue(column, cell).ToString(Invariant),
            FitsValueKind.Vector => VectorText(column, cell),
            _ => "",
        };
    }

    /// <summary>The stored integer of an integer column (B, I, J, K), before TZERO/TSCAL.</summary>
    private static long RawInteger(char code, ReadOnlySpan<byte> bytes) => code switch
    {
        'B' => bytes[0],
        'I' => BinaryPrimitives.ReadInt16BigEndian(bytes),
        'J' => BinaryPrimitives.ReadInt32BigEndian(bytes),
        _ => BinaryPrimitives.ReadInt64BigEndian(bytes),
    };

    private static bool IsNullInteger(FitsColumn column, ReadOnlySpan<byte> cell) =>
        column.Null is { } tnull && column.TypeCode is 'B' or 'I' or 'J' or 'K'
        && RawInteger(column.TypeCode, cell) == tnull;

    private static ulong ToUnsigned(long raw) => unchecked((ulong)raw ^ 0x8000_0000_0000_0000UL);

    /// <summary>The physical value of one numeric element: TZERO + TSCAL × stored.</summary>
    private static double RealValue(FitsColumn column, ReadOnlySpan<byte> bytes)
    {
        double stored = column.TypeCode switch
        {
            'E' => BinaryPrimitives.ReadSingleBigEndian(bytes),
            'D' => BinaryPrimitives.ReadDoubleBigEndian(bytes),
            _ => RawInteger(column.TypeCode, bytes),
        };
        return column.Scale == 1 && column.Zero == 0 ? stored : column.Zero + column.Scale * stored;
    }

    /// <summary>FITS strings end at the first NUL; trailing spaces are padding.</summary>
    private static ReadOnlySpan<byte> TrimmedText(ReadOnlySpan<byte> cell)
    {
        var nul = cell.IndexOf((byte)0);
        if (nul >= 0) cell = cell[..nul];
        return cell.TrimEnd((byte)' ');
    }

    private static bool TryParseText(ReadOnlySpan<byte> text, out double value)
    {
        value = double.NaN;
        if (text.IsEmpty || text.Length > 128) return false;
        Span<char> chars = stackalloc char[text.Length];
        Encoding.Latin1.GetChars(text, chars);
        return double.TryParse(chars, NumberStyles.Float, Invariant, out value);
    }

    private static string LogicalText(byte b) => b switch
    {
        (byte)'T' => "true",
        (byte)'F' => "false",
        0 => "null",
        _ => "invalid",
    };

    private static string BitText(ReadOnlySpan<byte> cell, long bit) =>
        (cell[(int)(bit >> 3)] & (0x80 >> (int)(bit & 7))) != 0 ? "true" : "false";

    /// <summary>"[e1, e2, ...]"; complex elements as "(re, im)".</summary>
    private static string VectorText(FitsColumn column, ReadOnlySpan<byte> cell)
    {
        var sb = new StringBuilder("[");
        var code = column.TypeCode;
        var size = FitsColumn.ElementSize(code);
        for (long i = 0; i < column.Repeat; i++)
        {
            if (i > 0) sb.Append(", ");
            if (code == 'X') { sb.Append(BitText(cell, i)); continue; }
            var element = cell.Slice((int)(i * size), size);
            switch (code)
            {
                case 'L':
                    sb.Append(LogicalText(element[0]));
                    break;
                case 'C':
                    sb.Append('(').Append(BinaryPrimitives.ReadSingleBigEndian(element).ToString(Invariant)).Append(", ")
                      .Append(BinaryPrimitives.ReadSingleBigEndian(element[4..]).ToString(Invariant)).Append(')');
                    break;
                case 'M':
                    sb.Append('(').Append(BinaryPrimitives.ReadDoubleBigEndian(element).ToString(Invariant)).Append(", ")
                      .Append(BinaryPrimitives.ReadDoubleBigEndian(element[8..]).ToString(Invariant)).Append(')');
                    break;
                case 'E' when !column.IsScaled:
                    sb.Append(BinaryPrimitives.ReadSingleBigEndian(element).ToString(Invariant));
                    break;
                case 'B' or 'I' or 'J' or 'K' when !column.IsScaled:
                    if (column.Null == RawInteger(code, element)) sb.Append("null");
                    else sb.Append(RawInteger(code, element).ToString(Invariant));
                    break;
                default:
                    if (code is 'B' or 'I' or 'J' or 'K' && column.Null == RawInteger(code, element)) sb.Append("null");
                    else sb.Append(RealValue(column, element).ToString(Invariant));
                    break;
            }
        }
        return sb.Append(']').ToString();
    }
}
