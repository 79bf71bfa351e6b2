using System.Globalization;

namespace FinkXmatch.Core.SkySearch;

/// <summary>
/// The times a search keeps, as Fink's conesearch takes them: <c>startdate</c> with <c>window</c> (days) or
/// <c>stopdate</c>, inclusive, as Julian Dates in UTC. A date is ISO (<c>2021-06-10</c>, <c>2021-06-10 05:59:37.000</c>,
/// <c>2021-06-10T05:59:37Z</c>), a JD (<c>2459375.75</c>) or an MJD (<c>59375.25</c>), as Fink's <c>isoify_time</c> reads them.
/// </summary>
public sealed record AlertTimeRange(double StartJd, double StopJd)
{
    private const double J2000Jd = 2_451_545.0;
    private static readonly DateTime J2000 = new(2000, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>Whether the Julian Date is inside the range (ends included).</summary>
    public bool Contains(double jd) => jd >= StartJd && jd <= StopJd;

    /// <summary>The UTC dates the range touches, from its start's to its stop's.</summary>
    public (DateOnly First, DateOnly Last) Dates => (DateOnly.FromDateTime(ToDateTime(StartJd)), DateOnly.FromDateTime(ToDateTime(StopJd)));

    /// <summary>The range the three arguments give, or null when none is given (every time).</summary>
    /// <exception cref="SkySearchException">A malformed date or window, a window without a start, both a window and a stop, or a stop before the start.</exception>
    public static AlertTimeRange? Parse(string? startdate, string? window, string? stopdate)
    {
        var start = Blank(startdate) ? (double?)null : ParseDate(startdate!, "startdate");
        var stop = Blank(stopdate) ? (double?)null : ParseDate(stopdate!, "stopdate");
        if (!Blank(window))
        {
            if (start is null) throw new SkySearchException("window", "window counts days from startdate: give startdate too");
            if (stop is not null) throw new SkySearchException("window", "give either window or stopdate, not both");
            if (!double.TryParse(window, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) || !double.IsFinite(days) || days < 0)
                throw new SkySearchException("window", $"window must be a number of days, 0 or more, got '{Quote(window!)}'");
            stop = start + days;
        }
        if (start is null && stop is null) return null;
        var range = new AlertTimeRange(start ?? double.NegativeInfinity, stop ?? double.PositiveInfinity);
        if (range.StopJd < range.StartJd)
            throw new SkySearchException("stopdate", $"stopdate {Quote(stopdate!)} is before startdate {Quote(startdate!)}: give the earlier date first");
        return range;
    }

    /// <summary>The Julian Date (UTC) of an ISO date, a JD or an MJD.</summary>
    /// <exception cref="SkySearchException">Neither, naming <paramref name="argument"/>.</exception>
    public static double ParseDate(string text, string argument)
    {
        var t = text.Trim();
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            // Fink's isoify_time: a JD is above 2,400,000; a smaller number is an MJD.
            if (number < 0) throw new SkySearchException(argument, $"{argument} must be a date (YYYY-MM-DD[ hh:mm:ss]), a JD or an MJD, got '{Quote(t)}'");
            return number > 2_400_000 ? number : number + 2_400_000.5;
        }
        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
            "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm"];
        if (DateTime.TryParseExact(t, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            return J2000Jd + (time - J2000).TotalDays;
        throw new SkySearchException(argument, $"{argument} must be a date (YYYY-MM-DD[ hh:mm:ss]), a JD or an MJD, got '{Quote(t)}'");
    }

    private static DateTime ToDateTime(double jd) =>
        double.IsNegativeInfinity(jd) || jd < 1_721_426 ? DateTime.MinValue
        : double.IsPositiveInfinity(jd) || jd > 5_373_484 ? DateTime.MaxValue
        : J2000.AddDays(jd - J2000Jd);

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);

    internal static string Quote(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
