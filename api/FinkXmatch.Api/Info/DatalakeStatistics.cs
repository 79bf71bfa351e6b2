using System.Collections.Concurrent;
using FinkXmatch.Core.Datalake;
using Microsoft.Extensions.Logging;

namespace FinkXmatch.Api.Info;

/// <summary>
/// Counts a datalake's nights and alerts once, on first request, and keeps the answer: datalakes are read-only.
/// Alerts are summed from the Parquet footers' row counts, so no data page is read.
/// </summary>
public sealed partial class DatalakeStatistics(ILogger<DatalakeStatistics> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<DatalakeInfo>>> _info = new(StringComparer.Ordinal);

    /// <summary>The extent of the datalake at <paramref name="root"/>.</summary>
    public Task<DatalakeInfo> GetAsync(string root) =>
        _info.GetOrAdd(root, r => new Lazy<Task<DatalakeInfo>>(() => ComputeAsync(r, logger))).Value;

    private static async Task<DatalakeInfo> ComputeAsync(string? root, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(root)) return DatalakeInfo.None;
        DatalakeLayout layout;
        try
        {
            layout = DatalakeLayout.Open(root);
        }
        catch (DatalakeException e)
        {
            LogUnreadable(logger, root, e.Message);
            return DatalakeInfo.None;
        }
        var alerts = await CountAlertsAsync(layout, logger);
        return new DatalakeInfo(layout.Shards.Count, alerts, Night(layout.FirstNight), Night(layout.LastNight));
    }

    private static async Task<long?> CountAlertsAsync(DatalakeLayout layout, ILogger logger)
    {
        long total = 0;
        foreach (var file in layout.Shards.SelectMany(s => s.Files))
        {
            try
            {
                await using var alerts = await AlertFile.OpenAsync(file);
                total += alerts.RowCount;
            }
            catch (DatalakeException e)
            {
                // One unreadable file makes the total wrong: say unknown rather than a smaller number.
                LogUnreadable(logger, file, e.Message);
                return null;
            }
        }
        return total;
    }

    private static string? Night(DateOnly? night) => (night is { } n ? new Core.Datalake.Night(n).ToString() : null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Datalake statistics: cannot read {Path}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}
