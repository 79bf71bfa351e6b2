using System.Globalization;

namespace FinkXmatch.Core.Avro;

/// <summary>
/// Formats timestamps the way Spark casts them to string (what the schema's string-typed timestamp columns hold,
/// e.g. <c>2026-03-22 13:23:01.082696</c> in the sample): <c>yyyy-MM-dd HH:mm:ss</c>, then the microseconds with
/// trailing zeros removed, no fraction at all when it is zero.
/// </summary>
public static class SparkTimestampText
{
    /// <summary>The Spark text of <paramref name="timestamp"/> (taken as is: convert to UTC first if needed).</summary>
    public static string Format(DateTime timestamp)
    {
        var text = timestamp.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var micros = (int)(timestamp.Ticks % TimeSpan.TicksPerSecond / 10);
        return micros == 0 ? text : text + "." + micros.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
    }
}
