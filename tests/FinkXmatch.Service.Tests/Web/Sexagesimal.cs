using System.Globalization;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>A position written as a person types it from an alert page: <c>12h55m17.2180s</c>, <c>+02d53m50.350s</c>.</summary>
internal static class Sexagesimal
{
    public static string Ra(double degrees)
    {
        var (whole, minutes, seconds) = Split(degrees / 15, 4);
        return string.Create(CultureInfo.InvariantCulture, $"{whole:00}h{minutes:00}m{seconds:00.0000}s");
    }

    public static string Dec(double degrees)
    {
        var (whole, minutes, seconds) = Split(Math.Abs(degrees), 3);
        return string.Create(CultureInfo.InvariantCulture, $"{(degrees < 0 ? '-' : '+')}{whole:00}d{minutes:00}m{seconds:00.000}s");
    }

    // Rounded in seconds first, so that 59.99996 s never prints as 60.0000.
    private static (int Whole, int Minutes, double Seconds) Split(double value, int decimals)
    {
        var total = Math.Round(value * 3600, decimals);
        var whole = (int)(total / 3600);
        var minutes = (int)((total - whole * 3600) / 60);
        return (whole, minutes, Math.Round(total - whole * 3600 - minutes * 60, decimals));
    }
}
