using System.Globalization;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Grains.Settings;

/// <summary>Refuses a job that could scan nothing, a negative cluster limit, or a tick that is not positive.</summary>
public sealed class JobOptionsValidator : IValidateOptions<JobOptions>
{
    public ValidateOptionsResult Validate(string? name, JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SettingRules.Result(
        [
            SettingRules.Positive(options.CoresPerJob, nameof(options.CoresPerJob)),
            options.MaxConcurrentShardScans >= 0 ? null
                : $"{FinkXmatchSection.Key(nameof(options.MaxConcurrentShardScans))} must not be negative (0: twice the cores), got {options.MaxConcurrentShardScans.ToString(CultureInfo.InvariantCulture)}",
            SettingRules.Positive(options.JobTickMilliseconds, nameof(options.JobTickMilliseconds)),
        ]);
    }
}
