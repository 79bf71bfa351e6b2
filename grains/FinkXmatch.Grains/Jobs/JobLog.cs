using System.Globalization;

namespace FinkXmatch.Grains.Jobs;

/// <summary>The job log's line format (CONTRACT §2, <c>YYYY-MM-DDTHH:MM:SSZ message</c>) and its cap.</summary>
public static class JobLog
{
    /// <summary>Most lines kept; the first (the submission) stays, the oldest after it go.</summary>
    public const int MaxLines = 1000;

    public static void Append(List<string> log, DateTimeOffset now, string message)
    {
        ArgumentNullException.ThrowIfNull(log);
        log.Add(now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + " " + message.ReplaceLineEndings(" "));
        if (log.Count > MaxLines) log.RemoveAt(1);
    }
}
