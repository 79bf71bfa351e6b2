using System.Globalization;

namespace FinkXmatch.Core.Sky;

/// <summary>
/// Parses right ascension and declination written in decimal degrees or sexagesimal notation, without allocating.
/// Sexagesimal RA is in hours (<c>12:34:56.7</c>, <c>12 34 56.7</c>, <c>12h34m56.7s</c>, <c>12h34.5m</c>) unless its
/// first unit is <c>d</c>/<c>°</c>; Dec is in degrees (<c>+12:34:56</c>, <c>-12d34m56s</c>, <c>-00 30 00</c>).
/// A leading sign applies to the whole value, so <c>-00 30 00</c> is -0.5 degrees. Surrounding spaces and quotes
/// are ignored. Ranges (RA in [0, 360), Dec in [-90, 90]) are the caller's to check, except that a negative
/// sexagesimal RA is rejected.
/// </summary>
public static class CoordinateParser
{
    private const NumberStyles DegreeStyle =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    private enum Separator { None, Colon, Space, Units }

    /// <summary>Parses a right ascension into degrees. False for anything malformed or not finite.</summary>
    public static bool TryParseRa(ReadOnlySpan<char> text, CoordinateFormat format, out double raDeg)
        => TryParse(text, format, isRa: true, out raDeg);

    /// <summary>Parses a declination into degrees. False for anything malformed or not finite.</summary>
    public static bool TryParseDec(ReadOnlySpan<char> text, CoordinateFormat format, out double decDeg)
        => TryParse(text, format, isRa: false, out decDeg);

    /// <summary>
    /// The notation of one value: <see cref="CoordinateFormat.Sexagesimal"/> when it holds ':', internal whitespace
    /// or unit marks (h, m, s, d, °, ', "), otherwise <see cref="CoordinateFormat.Degrees"/>. Never returns Auto.
    /// </summary>
    public static CoordinateFormat Detect(ReadOnlySpan<char> sample)
    {
        var s = Trim(sample);
        foreach (var c in s)
        {
            if (c == ':' || char.IsWhiteSpace(c) || IsUnitMark(c)) return CoordinateFormat.Sexagesimal;
        }
        return CoordinateFormat.Degrees;
    }

    /// <summary>The text without surrounding whitespace and matching surrounding quotes.</summary>
    internal static ReadOnlySpan<char> Trim(ReadOnlySpan<char> text)
    {
        var s = text.Trim();
        while (s.Length >= 2 && (s[0] == '"' || s[0] == '\'') && s[^1] == s[0])
        {
            s = s[1..^1].Trim();
        }
        return s;
    }

    private static bool IsUnitMark(char c) => c is 'h' or 'H' or 'd' or 'D' or 'm' or 'M' or 's' or 'S'
        or '°' or '\'' or '′' or '"' or '″';

    private static bool TryParse(ReadOnlySpan<char> text, CoordinateFormat format, bool isRa, out double degrees)
    {
        degrees = 0;
        var s = Trim(text);
        if (s.IsEmpty) return false;
        if (format == CoordinateFormat.Auto) format = Detect(s);
        if (format == CoordinateFormat.Degrees)
        {
            return double.TryParse(s, DegreeStyle, CultureInfo.InvariantCulture, out degrees)
                && double.IsFinite(degrees);
        }
        return TryParseSexagesimal(s, isRa, out degrees);
    }

    private static bool TryParseSexagesimal(ReadOnlySpan<char> s, bool isRa, out double degrees)
    {
        degrees = 0;
        var pos = 0;
        var negative = false;
        if (s[0] is '+' or '-' or '\u2212')
        {
            negative = s[0] != '+';
            pos = 1;
        }
        if (negative && isRa) return false;

        // Hours or degrees, minutes, seconds; only the last part present may have a fraction.
        double whole = 0, minutes = 0, seconds = 0;
        var count = 0;
        var separator = Separator.None;
        var raInDegrees = false;
        while (true)
        {
            if (count == 3 || !TryReadNumber(s, ref pos, out var value, out var hasFraction)) return false;
            switch (count++)
            {
                case 0: whole = value; break;
                case 1: minutes = value; break;
                default: seconds = value; break;
            }
            if (pos == s.Length) break;

            var c = s[pos];
            if (separator is Separator.None or Separator.Units && IsUnitMark(c))
            {
                if (!IsExpectedUnit(c, count - 1, isRa, ref raInDegrees)) return false;
                separator = Separator.Units;
                pos++;
                while (pos < s.Length && char.IsWhiteSpace(s[pos])) pos++;
                if (pos == s.Length) break;
            }
            else if (c == ':' && separator is Separator.None or Separator.Colon)
            {
                separator = Separator.Colon;
                pos++;
            }
            else if (char.IsWhiteSpace(c) && separator is Separator.None or Separator.Space)
            {
                separator = Separator.Space;
                while (pos < s.Length && char.IsWhiteSpace(s[pos])) pos++;
            }
            else
            {
                return false;
            }
            if (hasFraction) return false;
        }

        // A bare number is not sexagesimal: without a unit its meaning (hours or degrees) is ambiguous.
        if (separator == Separator.None) return false;
        if (minutes >= 60 || seconds >= 60) return false;

        // One rounding for the sum of exact integers and seconds, one for the scale.
        var totalSeconds = whole * 3600 + minutes * 60 + seconds;
        var magnitude = isRa && !raInDegrees ? totalSeconds / 240.0 : totalSeconds / 3600.0;
        degrees = negative ? -magnitude : magnitude;
        return double.IsFinite(degrees);
    }

    private static bool IsExpectedUnit(char c, int part, bool isRa, ref bool raInDegrees)
    {
        switch (part)
        {
            case 0 when c is 'h' or 'H':
                return isRa;
            case 0 when c is 'd' or 'D' or '°':
                raInDegrees = isRa;
                return true;
            case 1:
                return c is 'm' or 'M' or '\'' or '′';
            case 2:
                return c is 's' or 'S' or '"' or '″';
            default:
                return false;
        }
    }

    /// <summary>Reads <c>digits[.digits]</c> or <c>.digits</c> (no sign, no exponent) at <paramref name="pos"/>.</summary>
    private static bool TryReadNumber(ReadOnlySpan<char> s, ref int pos, out double value, out bool hasFraction)
    {
        var start = pos;
        var digits = 0;
        hasFraction = false;
        while (pos < s.Length && char.IsAsciiDigit(s[pos])) { pos++; digits++; }
        if (pos < s.Length && s[pos] == '.')
        {
            hasFraction = true;
            pos++;
            while (pos < s.Length && char.IsAsciiDigit(s[pos])) { pos++; digits++; }
        }
        value = 0;
        return digits > 0 && double.TryParse(s[start..pos], NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out value);
    }
}
