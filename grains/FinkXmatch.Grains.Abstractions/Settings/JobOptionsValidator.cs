using System.Globalization;

namespace FinkXmatch.Grains.Settings;

/// <summary>Refuses a job that could scan nothing, a negative cluster limit, or a tick that is not positive.</summary>
public sealed class JobOptionsValidator : SettingsValidator<JobOptions>
{
    protected override IEnumerable<string?> Failures(JobOptions options) =>
    [
        Positive(options.CoresPerJob, nameof(options.CoresPerJob)),
        options.MaxConcurrentShardScans >= 0 ? null
            : $"{FinkXmatchSection.Key(nameof(options.MaxConcurrentShardScans))} must not be negative (0: twice the cores), got {options.MaxConcurrentShardScans.ToString(CultureInfo.InvariantCulture)}",
        Positive(options.JobTickMilliseconds, nameof(options.JobTickMilliseconds)),
    ];
}
