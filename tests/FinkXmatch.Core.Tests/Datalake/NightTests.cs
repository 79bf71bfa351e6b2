using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.Tests.Datalake;

public sealed class NightTests
{
    [Theory]
    [InlineData("2025-07-01", 2025, 7, 1)]
    [InlineData("2024-02-29", 2024, 2, 29)]
    [InlineData("0001-01-01", 1, 1, 1)]
    public void A_night_is_read_from_its_spelling_and_written_back_the_same(string text, int year, int month, int day)
    {
        Assert.True(Night.TryParse(text, out var night));
        Assert.Equal(new DateOnly(year, month, day), night.Date);
        Assert.Equal(text, night.ToString());
        Assert.Equal(text, $"{night}");
        Span<char> buffer = stackalloc char[10];
        Assert.True(night.TryFormat(buffer, out var written, default, null));
        Assert.Equal(text, buffer[..written].ToString());
    }

    [Theory]
    [InlineData("2025-7-1")]
    [InlineData("2025-02-30")]
    [InlineData(" 2025-07-01")]
    [InlineData("2025-07-01T00:00")]
    [InlineData("01/07/2025")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_night(string? text)
    {
        Assert.False(Night.TryParse(text, out _));
        if (text is not null) Assert.Contains("YYYY-MM-DD", Assert.Throws<FormatException>(() => Night.Parse(text)).Message);
    }

    [Fact]
    public void Nights_order_as_their_dates()
    {
        var nights = new[] { Night.Parse("2025-07-02"), Night.Parse("2024-12-31"), Night.Parse("2025-07-01") };
        Assert.Equal(["2024-12-31", "2025-07-01", "2025-07-02"], nights.Order().Select(n => n.ToString()));
        Assert.True(Night.Parse("2025-07-01") < (Night)new DateOnly(2025, 7, 2));
    }
}
