using System.Globalization;

namespace FinkXmatch.Api.Problems;

/// <summary>A retention period as people say it: "7 days", "24 hours", "90 minutes".</summary>
public static class RetentionText
{
    public static string Describe(TimeSpan period) => period switch
    {
        { TotalDays: >= 2 } when period.Ticks % TimeSpan.TicksPerDay == 0 => $"{period.TotalDays.ToString(CultureInfo.InvariantCulture)} days",
        { TotalHours: >= 2 } when period.Ticks % TimeSpan.TicksPerHour == 0 => $"{period.TotalHours.ToString(CultureInfo.InvariantCulture)} hours",
        _ => $"{Math.Round(period.TotalMinutes, 1).ToString(CultureInfo.InvariantCulture)} minutes",
    };
}
