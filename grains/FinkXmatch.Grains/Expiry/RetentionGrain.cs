using FinkXmatch.Grains.Catalogs;
using FinkXmatch.Grains.Jobs;
using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FinkXmatch.Grains.Expiry;

/// <summary>
/// Keeps the schedule of expiries (persisted) and sweeps it on a grain timer every
/// <see cref="RetentionOptions.RetentionSweepInterval"/> while anything is scheduled. A <see cref="WakeUpReminder"/>
/// is registered while the schedule is not empty, so that after a restart the grain comes back and sweeps without
/// anyone calling it. Each due item is expired by its own grain (which deletes what it owns); a failure leaves the
/// item in place for the next sweep.
/// </summary>
public sealed partial class RetentionGrain(
    [PersistentState("retention", GrainStorage.Name)] IPersistentState<RetentionState> state,
    IOptions<RetentionOptions> retention,
    TimeProvider time,
    ILogger<RetentionGrain> logger) : Grain, IRetentionGrain, IRemindable
{
    public const string ReminderName = "retention-sweep";

    private IGrainTimer? _timer;
    private bool _reminderSet;

    private Dictionary<string, RetentionEntry> Entries => state.State.Entries;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Entries.Count > 0) StartSweeping();
        return Task.CompletedTask;
    }

    public async Task ScheduleAsync(RetentionItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Entries[item.Key] = new RetentionEntry { Kind = item.Kind, Id = item.Id, ExpiresAt = item.ExpiresAt };
        await state.WriteStateAsync();
        if (!_reminderSet)
        {
            await WakeUpReminder.EnsureAsync(this, ReminderName);
            _reminderSet = true;
        }
        StartSweeping();
    }

    public async Task<RetentionItem[]> SweepAsync()
    {
        var now = time.GetUtcNow();
        var due = Entries.Where(e => e.Value.ExpiresAt <= now).OrderBy(e => e.Value.ExpiresAt).ToArray();
        var expired = new List<RetentionItem>();
        foreach (var (key, entry) in due)
        {
            try
            {
                await ExpireAsync(entry);
                Entries.Remove(key);
                expired.Add(entry.ToItem());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                entry.Failures++;
                entry.LastError = e.Message;
                LogExpiryFailed(logger, e, entry.Kind, entry.Id, entry.Failures);
            }
        }
        if (due.Length > 0) await state.WriteStateAsync();
        if (Entries.Count == 0) await StopAsync();
        return expired.ToArray();
    }

    public Task<RetentionItem[]> GetScheduledAsync() =>
        Task.FromResult(Entries.Values.OrderBy(e => e.ExpiresAt).Select(e => e.ToItem()).ToArray());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Being active is the point: OnActivateAsync restarted the timer. A reminder left over an empty schedule goes.
        if (Entries.Count == 0) await StopAsync();
        else StartSweeping();
    }

    private Task ExpireAsync(RetentionEntry entry) => entry.Kind switch
    {
        RetentionKind.Job => GrainFactory.GetGrain<IXmatchJobGrain>(entry.Id).ExpireAsync(),
        RetentionKind.Catalog => GrainFactory.GetGrain<ICatalogGrain>(entry.Id).ExpireAsync(),
        _ => throw new InvalidOperationException($"unknown retention kind {entry.Kind}"),
    };

    private void StartSweeping()
    {
        var period = retention.Value.RetentionSweepInterval;
        if (period < TimeSpan.FromMilliseconds(50)) period = TimeSpan.FromMilliseconds(50);
        _timer ??= this.RegisterGrainTimer(SweepTickAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true, Interleave = false });
    }

    private async Task SweepTickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SweepAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogSweepFailed(logger, e);
        }
    }

    private async Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;
        await WakeUpReminder.RemoveAsync(this, ReminderName);
        _reminderSet = false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not expire {Kind} {Id} (attempt {Attempt}); trying again at the next sweep")]
    private static partial void LogExpiryFailed(ILogger logger, Exception error, RetentionKind kind, string id, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception error);
}
