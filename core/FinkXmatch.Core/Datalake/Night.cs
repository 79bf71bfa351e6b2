using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FinkXmatch.Core.Datalake;

/// <summary>
/// A night of a datalake: the date of its <c>year=/month=/day=</c> folder, written <c>YYYY-MM-DD</c> wherever a person
/// or a program reads it (requests, the CLI, topic names, logs, file names). The one place that spelling is parsed
/// and written; converts to and from <see cref="DateOnly"/> for date arithmetic.
/// </summary>
public readonly record struct Night(DateOnly Date) : IComparable<Night>, ISpanFormattable, ISpanParsable<Night>
{
    /// <summary>The spelling, as .NET formats it.</summary>
    public const string Format = "yyyy-MM-dd";

    /// <summary>The spelling, as people are told it.</summary>
    public const string Shape = "YYYY-MM-DD";

    public static implicit operator DateOnly(Night night) => night.Date;

    public static implicit operator Night(DateOnly date) => new(date);

    /// <summary>True when <paramref name="text"/> is a night spelled <c>YYYY-MM-DD</c>, nothing else around it.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Night night) => TryParse(text.AsSpan(), out night);

    /// <inheritdoc cref="TryParse(string?, out Night)"/>
    public static bool TryParse(ReadOnlySpan<char> text, out Night night)
    {
        var ok = DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        night = new Night(date);
        return ok;
    }

    /// <exception cref="FormatException">not <c>YYYY-MM-DD</c>.</exception>
    public static Night Parse(string text) =>
        TryParse(text, out var night) ? night : throw new FormatException($"a night is {Shape}, got '{text}'");

    static Night IParsable<Night>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<Night>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Night result) => TryParse(s, out result);

    static Night ISpanParsable<Night>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) =>
        TryParse(s, out var night) ? night : throw new FormatException($"a night is {Shape}, got '{s}'");

    static bool ISpanParsable<Night>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Night result) => TryParse(s, out result);

    /// <summary><c>YYYY-MM-DD</c>.</summary>
    public override string ToString() => Date.ToString(Format, CultureInfo.InvariantCulture);

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        Date.TryFormat(destination, out charsWritten, Format, CultureInfo.InvariantCulture);

    public int CompareTo(Night other) => Date.CompareTo(other.Date);

    public static bool operator <(Night left, Night right) => left.Date < right.Date;

    public static bool operator >(Night left, Night right) => left.Date > right.Date;

    public static bool operator <=(Night left, Night right) => left.Date <= right.Date;

    public static bool operator >=(Night left, Night right) => left.Date >= right.Date;
}
