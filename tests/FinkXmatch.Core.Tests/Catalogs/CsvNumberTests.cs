using System.Globalization;
using FinkXmatch.Core.Catalogs;

namespace FinkXmatch.Core.Tests.Catalogs;

public class CsvNumberTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("+1.5")]
    [InlineData("123.456789012")]
    [InlineData("-45.678901234")]
    [InlineData("999999999999999")]
    [InlineData("0.1")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("1234567890123456789")]
    [InlineData("0.30000000000000004")]
    [InlineData("1e3")]
    [InlineData("-1.25E-3")]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    [InlineData(" 7 ")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("1,5")]
    [InlineData("12:30")]
    [InlineData("")]
    public void Agrees_with_double_parse(string text)
    {
        var expectedOk = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected);
        var ok = CsvNumber.TryParse(text, out var actual);
        Assert.Equal(expectedOk, ok);
        if (ok) Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
    }

    [Fact]
    public void Agrees_bit_for_bit_on_random_decimals()
    {
        var random = new Random(42);
        for (var i = 0; i < 200_000; i++)
        {
            var digits = random.Next(1, 18);
            var chars = new char[digits];
            for (var d = 0; d < digits; d++) chars[d] = (char)('0' + random.Next(10));
            var text = new string(chars);
            var point = random.Next(-1, digits + 1);
            if (point >= 0) text = text.Insert(point, ".");
            if (random.Next(3) == 0) text = "-" + text;
            var expectedOk = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected);
            Assert.True(CsvNumber.TryParse(text, out var actual) == expectedOk, text);
            if (expectedOk) Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), text);
        }
    }
}
