using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Sky;

public class CoordinateParserTests
{
    // 12h34m56.7s = 45296.7 s of time = 45296.7 / 240 degrees.
    private const double Ra123456p7 = 188.73625;

    [Theory]
    [InlineData("12:34:56.7", Ra123456p7)]
    [InlineData("12 34 56.7", Ra123456p7)]
    [InlineData("12   34  56.7", Ra123456p7)]
    [InlineData("12\t34\t56.7", Ra123456p7)]
    [InlineData("12h34m56.7s", Ra123456p7)]
    [InlineData("12h 34m 56.7s", Ra123456p7)]
    [InlineData("12H34M56.7S", Ra123456p7)]
    [InlineData("12h34m56.7", Ra123456p7)]
    [InlineData("+12:34:56.7", Ra123456p7)]
    [InlineData("12:34", 188.5)]
    [InlineData("12 34", 188.5)]
    [InlineData("12h34.5m", 188.625)]
    [InlineData("12:34.5", 188.625)]
    [InlineData("12h", 180.0)]
    [InlineData("00:00:00", 0.0)]
    [InlineData("23:59:59.99", 359.9999583333333)]
    [InlineData("180d30m", 180.5)]
    [InlineData("\"00 01 16.37\"", 0.3182083333333333)]
    [InlineData("  '12:00:00'  ", 180.0)]
    [InlineData(" \" 06 00 00 \" ", 90.0)]
    public void ParsesSexagesimalRaInHours(string text, double expected)
    {
        Assert.True(CoordinateParser.TryParseRa(text, CoordinateFormat.Sexagesimal, out var ra));
        Assert.Equal(expected, ra, 1e-10);
        Assert.True(CoordinateParser.TryParseRa(text, CoordinateFormat.Auto, out var auto));
        Assert.Equal(ra, auto);
    }

    [Theory]
    [InlineData("+12:34:56", 12.582222222222222)]
    [InlineData("12:34:56", 12.582222222222222)]
    [InlineData("-12:34:56", -12.582222222222222)]
    [InlineData("-12 34 56", -12.582222222222222)]
    [InlineData("-12d34m56s", -12.582222222222222)]
    [InlineData("-12°34′56″", -12.582222222222222)]
    [InlineData("-12°34'56\"", -12.582222222222222)]
    [InlineData("\u221212:34:56", -12.582222222222222)]
    [InlineData("-00 30 00", -0.5)]
    [InlineData("-0 30 0", -0.5)]
    [InlineData("-00:30:00", -0.5)]
    [InlineData("-00:00:36", -0.01)]
    [InlineData("-0d30m", -0.5)]
    [InlineData("+00 30 00", 0.5)]
    [InlineData("00 30 00", 0.5)]
    [InlineData("-89:59:59.9", -89.99997222222222)]
    [InlineData("+90:00:00", 90.0)]
    [InlineData("-12:30", -12.5)]
    [InlineData("-12d30.5m", -12.508333333333333)]
    [InlineData("\"+29 35 34.0\"", 29.592777777777778)]
    public void ParsesSexagesimalDecInDegrees(string text, double expected)
    {
        Assert.True(CoordinateParser.TryParseDec(text, CoordinateFormat.Sexagesimal, out var dec));
        Assert.Equal(expected, dec, 1e-10);
        Assert.True(CoordinateParser.TryParseDec(text, CoordinateFormat.Auto, out var auto));
        Assert.Equal(dec, auto);
    }

    [Fact]
    public void SignAppliesToWholeValueEvenWithZeroDegrees()
    {
        Assert.True(CoordinateParser.TryParseDec("-00 30 00", CoordinateFormat.Sexagesimal, out var minus));
        Assert.True(CoordinateParser.TryParseDec("+00 30 00", CoordinateFormat.Sexagesimal, out var plus));
        Assert.Equal(-0.5, minus);
        Assert.Equal(0.5, plus);
        Assert.True(CoordinateParser.TryParseDec("-00 00 00", CoordinateFormat.Sexagesimal, out var zero));
        Assert.Equal(0.0, zero);
    }

    [Theory]
    [InlineData("123.456", 123.456)]
    [InlineData("0", 0.0)]
    [InlineData("-45.5", -45.5)]
    [InlineData("+45.5", 45.5)]
    [InlineData("1.5e2", 150.0)]
    [InlineData(".5", 0.5)]
    [InlineData("  \"10.25\"  ", 10.25)]
    public void ParsesDecimalDegrees(string text, double expected)
    {
        Assert.True(CoordinateParser.TryParseDec(text, CoordinateFormat.Degrees, out var dec));
        Assert.Equal(expected, dec);
        Assert.True(CoordinateParser.TryParseRa(text, CoordinateFormat.Auto, out var ra));
        Assert.Equal(expected, ra);
    }

    [Theory]
    [InlineData("12:60:00")]
    [InlineData("12:00:60")]
    [InlineData("12:59:60.0")]
    [InlineData("12 75")]
    [InlineData("12h60m")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"\"")]
    [InlineData("12:34:56x")]
    [InlineData("12:34:56 junk")]
    [InlineData("12h34m56.7s junk")]
    [InlineData("12:34:56:07")]
    [InlineData("12 34 56 07")]
    [InlineData("12::34")]
    [InlineData("12:34:")]
    [InlineData(":12:34")]
    [InlineData("1.5:30")]
    [InlineData("12:30.5:10")]
    [InlineData("12:34:56.7.8")]
    [InlineData("12 34:56")]
    [InlineData("12h34:56")]
    [InlineData("12h 34 56")]
    [InlineData("12m34s")]
    [InlineData("12h34s")]
    [InlineData("12h-34m")]
    [InlineData("+-12:00:00")]
    [InlineData("- 12:00:00")]
    [InlineData("1e5:00")]
    [InlineData("12")]
    [InlineData("12.5")]
    public void RejectsMalformedSexagesimal(string text)
    {
        Assert.False(CoordinateParser.TryParseRa(text, CoordinateFormat.Sexagesimal, out _));
        Assert.False(CoordinateParser.TryParseDec(text, CoordinateFormat.Sexagesimal, out _));
    }

    [Theory]
    [InlineData("-12:00:00")]
    [InlineData("-00 30 00")]
    [InlineData("-0 30 0")]
    [InlineData("-1h")]
    public void RejectsNegativeRaHours(string text)
    {
        Assert.False(CoordinateParser.TryParseRa(text, CoordinateFormat.Sexagesimal, out _));
        Assert.False(CoordinateParser.TryParseRa(text, CoordinateFormat.Auto, out _));
        Assert.True(CoordinateParser.TryParseDec(text.Replace('h', 'd'), CoordinateFormat.Sexagesimal, out var dec));
        Assert.True(dec < 0);
    }

    [Fact]
    public void RejectsHoursForDeclination()
    {
        Assert.False(CoordinateParser.TryParseDec("12h34m56s", CoordinateFormat.Sexagesimal, out _));
        Assert.True(CoordinateParser.TryParseRa("12h34m56s", CoordinateFormat.Sexagesimal, out _));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    [InlineData("12:34:56")]
    [InlineData("12.3.4")]
    [InlineData("1,5")]
    [InlineData("12.5deg")]
    [InlineData("0x10")]
    public void RejectsNonFiniteOrMalformedDegrees(string text)
    {
        Assert.False(CoordinateParser.TryParseRa(text, CoordinateFormat.Degrees, out _));
        Assert.False(CoordinateParser.TryParseDec(text, CoordinateFormat.Degrees, out _));
    }

    [Theory]
    [InlineData("12:34:56", CoordinateFormat.Sexagesimal)]
    [InlineData("12 34 56.7", CoordinateFormat.Sexagesimal)]
    [InlineData("12 34", CoordinateFormat.Sexagesimal)]
    [InlineData("12h34m", CoordinateFormat.Sexagesimal)]
    [InlineData("-12d34m56s", CoordinateFormat.Sexagesimal)]
    [InlineData("\"+29 35 34.0\"", CoordinateFormat.Sexagesimal)]
    [InlineData("123.45", CoordinateFormat.Degrees)]
    [InlineData("-1.5e-3", CoordinateFormat.Degrees)]
    [InlineData("  150.0  ", CoordinateFormat.Degrees)]
    [InlineData("\"150.0\"", CoordinateFormat.Degrees)]
    [InlineData("", CoordinateFormat.Degrees)]
    public void DetectsNotation(string sample, CoordinateFormat expected)
        => Assert.Equal(expected, CoordinateParser.Detect(sample));
}
