using Microsoft.Extensions.Options;

namespace FinkXmatch.Grains.Settings;

/// <summary>Refuses a limit that is not positive (a limit of 0 would refuse everything).</summary>
public sealed class LimitOptionsValidator : IValidateOptions<LimitOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SettingRules.Result(
        [
            SettingRules.Positive(options.MaxUploadBytes, nameof(options.MaxUploadBytes)),
            SettingRules.Positive(options.MaxCatalogRows, nameof(options.MaxCatalogRows)),
            SettingRules.Positive(options.MaxCatalogColumns, nameof(options.MaxCatalogColumns)),
            SettingRules.Positive(options.MaxFields, nameof(options.MaxFields)),
            SettingRules.Positive(options.MaxRequestBodyBytes, nameof(options.MaxRequestBodyBytes)),
            SettingRules.Positive(options.MaxSkySearchRows, nameof(options.MaxSkySearchRows)),
            SettingRules.Positive(options.MaxUnfinishedJobsPerClient, nameof(options.MaxUnfinishedJobsPerClient)),
            SettingRules.Positive(options.MaxUploadsPerUserPerDay, nameof(options.MaxUploadsPerUserPerDay)),
            SettingRules.Positive(options.MaxStoredBytesPerUser, nameof(options.MaxStoredBytesPerUser)),
            SettingRules.Positive(options.MaxUnfinishedJobs, nameof(options.MaxUnfinishedJobs)),
        ]);
    }
}
