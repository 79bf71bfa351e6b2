using Microsoft.Extensions.DependencyInjection;
using Orleans.Reminders;
using Orleans.Runtime;

namespace FinkXmatch.Service.Tests.Expiry;

/// <summary>
/// The service's clock moved forward at will: <see cref="GetUtcNow"/> is the real time plus what was
/// <see cref="Advance"/>d. Timers and timestamps stay real, so grain timers keep ticking at their real periods.
/// </summary>
public sealed class AdvanceableClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    /// <summary>
    /// Makes this the services' <see cref="TimeProvider"/> (jobs, catalogs, expiry, API), while Orleans' own areas
    /// (membership, messaging, activation collection, reminders, grain timers) keep the real clock: a week-long jump
    /// must not make silos look dead.
    /// </summary>
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(this);
        foreach (var area in new[]
                 {
                     TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory, TimeProviderNames.Grains,
                     TimeProviderNames.Membership, TimeProviderNames.Messaging, TimeProviderNames.SystemTimers,
                     ReminderTimeProviderNames.Reminders,
                 })
        {
            services.AddKeyedSingleton(area, TimeProvider.System);
        }
    }
}
