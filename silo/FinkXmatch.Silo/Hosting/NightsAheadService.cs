using System.Globalization;
using FinkXmatch.Core.Os;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// The silo's background planner of nights (<see cref="NightsAheadPlanner"/>; <c>FinkXmatch:PlanNightsAhead</c>, every
/// <c>FinkXmatch:PlanNightsInterval</c>): one thread of the lowest priority, so at most one core and only when nobody
/// else wants it, stopped with the host; it logs each night it prepares. Its failures are logged, never fatal: jobs
/// make whatever it could not.
/// </summary>
public sealed partial class NightsAheadService(IOptions<DatalakeOptions> options, SurveyDatalakes datalakes, SkyIndexStore store,
    ILogger<NightsAheadService> logger) : BackgroundService
{
    /// <summary>Registers the planner (silos only: a front end scans no datalake).</summary>
    public static void Add(IServiceCollection services) => services.AddHostedService<NightsAheadService>();

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.PlanNightsAhead || datalakes.IsEmpty)
        {
            LogOff(logger);
            return Task.CompletedTask;
        }
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(settings.PlanNightsInterval, stoppingToken);
            }
            finally
            {
                finished.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "nights ahead",
        };
        thread.Start();
        return finished.Task;
    }

    private void Run(TimeSpan interval, CancellationToken stop)
    {
        var lowered = LowPriorityThread.Lower();
        LogStarted(logger, interval.ToString("c", CultureInfo.InvariantCulture), lowered ? "lowest priority" : "normal priority (could not lower it)");
        var planner = new NightsAheadPlanner(datalakes, store)
        {
            OnSwept = swept =>
            {
                if (swept.Files > 0) LogSwept(logger, swept.Files, swept.Bytes);
            },
        };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // Run on this thread: the work is reads and CPU, its awaits complete synchronously but for the index writes.
                var prepared = planner.RunRoundAsync(Tell, stop).GetAwaiter().GetResult();
                if (prepared > 0) LogRoundDone(logger, prepared);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogRoundFailed(logger, e);
            }
            stop.WaitHandle.WaitOne(interval);
        }
        LogStopped(logger);
    }

    private void Tell(PlannedNight n)
    {
        var survey = n.Survey.Name.ToUpperInvariant();
        if (n.Error is { } error)
        {
            LogNightFailed(logger, survey, n.Night.Name, n.Place, n.Count, error.Message);
            return;
        }
        var made = n.Made!;
        var what = new List<string>();
        if (made.PlansWritten > 0) what.Add(string.Create(CultureInfo.InvariantCulture, $"{made.PlansWritten} scan plan{(made.PlansWritten == 1 ? "" : "s")} written"));
        if (made.IndexBuilt) what.Add("sky index and occupancy built");
        if (made.OccupancyRecorded) what.Add("occupancy recorded");
        LogNight(logger, survey, n.Night.Name, n.Place, n.Count, what.Count == 0 ? "nothing missing" : string.Join(", ", what),
            made.Index.Header.Alerts, n.Elapsed.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nights ahead: off (FinkXmatch:PlanNightsAhead, or no datalake)")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nights ahead: looking for nights to plan every {Interval}, one thread at {Priority}")]
    private static partial void LogStarted(ILogger logger, string interval, string priority);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nights ahead: {Survey} night {Night} planned ({Place}/{Count}): {What}; {Alerts} alerts, {Seconds:F1} s")]
    private static partial void LogNight(ILogger logger, string survey, string night, int place, int count, string what, long alerts, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nights ahead: {Survey} night {Night} not planned ({Place}/{Count}): {Error}")]
    private static partial void LogNightFailed(ILogger logger, string survey, string night, int place, int count, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nights ahead: {Count} nights planned; their first jobs will read no footer")]
    private static partial void LogRoundDone(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nights ahead: the round failed; trying again next round")]
    private static partial void LogRoundFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nights ahead: removed {Files} files ({Bytes} bytes) of nights no longer in the datalake, scan plans of files gone and pieces of interrupted writes")]
    private static partial void LogSwept(ILogger logger, int files, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nights ahead: stopped")]
    private static partial void LogStopped(ILogger logger);
}
