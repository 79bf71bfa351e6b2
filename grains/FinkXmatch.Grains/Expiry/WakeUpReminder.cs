namespace FinkXmatch.Grains.Expiry;

/// <summary>
/// A reminder whose only job is to bring a grain back after a silo restart: its tick activates the grain, and the
/// grain's activation restarts its own timer. Work is done by the timer, so the reminder can tick slowly (Orleans'
/// minimum reminder period is one minute). Reminders are durable when the host's reminder service is
/// (<c>UseAdoNetReminderService</c> in durable mode; in memory otherwise, where they die with the process anyway).
/// </summary>
public static class WakeUpReminder
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    /// <summary>Registers <paramref name="name"/> on <paramref name="grain"/> (idempotent).</summary>
    public static Task EnsureAsync(Grain grain, string name) => grain.RegisterOrUpdateReminder(name, Period, Period);

    /// <summary>Removes <paramref name="name"/> from <paramref name="grain"/> if it is registered.</summary>
    public static async Task RemoveAsync(Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder) await grain.UnregisterReminder(reminder);
    }
}
