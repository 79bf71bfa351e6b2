using System.Globalization;

namespace FinkXmatch.Core.Catalogs.VOTable;

/// <summary>
/// The one text form of values shared by all serialisations, so a TABLEDATA cell and its BINARY twin read the
/// same: shortest round-trip numbers, "true"/"false", arrays as "[a, b]", complex as "(re, im)".
/// </summary>
internal static class VOTableValueText
{
    public static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>TABLEDATA logical: T/F, 1/0, true/false (any case); '?' and blanks are null.</summary>
    public static bool? ParseBool(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.Length == 1)
        {
            return text[0] switch
            {
                'T' or 't' or '1' => true,
                'F' or 'f' or '0' => false,
                _ => null,
            };
        }
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        return null;
    }

    /// <summary>BINARY logical byte: 'T'/'t'/'1' true, 'F'/'f'/'0' false, anything else ('?', ' ', NUL) null.</summary>
    public static bool? ByteBool(byte b) => b switch
    {
        (byte)'T' or (byte)'t' or (byte)'1' => true,
        (byte)'F' or (byte)'f' or (byte)'0' => false,
        _ => null,
    };

    /// <summary>Parses a TABLEDATA real, accepting the VOTable spellings NaN, +Inf, -Inf, Inf.</summary>
    public static bool TryParseReal(ReadOnlySpan<char> text, bool single, out double value)
    {
        text = text.Trim();
        if (text.Equals("+Inf", StringComparison.OrdinalIgnoreCase) || text.Equals("Inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.PositiveInfinity;
            return true;
        }
        if (text.Equals("-Inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NegativeInfinity;
            return true;
        }
        if (single)
        {
            // Round to float32 as the binary serialisation stores it, so both read the same double.
            var ok = float.TryParse(text, NumberStyles.Float, Invariant, out var f);
            value = f;
            return ok;
        }
        return double.TryParse(text, NumberStyles.Float, Invariant, out value);
    }

    public static string Real(double value, bool single) =>
        single ? ((float)value).ToString(Invariant) : value.ToString(Invariant);
}
