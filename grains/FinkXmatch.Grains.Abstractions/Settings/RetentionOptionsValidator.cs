using Microsoft.Extensions.Options;

namespace FinkXmatch.Grains.Settings;

/// <summary>Refuses a retention or sweep interval that is not positive.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SettingRules.Result(
        [
            SettingRules.Positive(options.ResultRetention, nameof(options.ResultRetention), "7.00:00:00"),
            SettingRules.Positive(options.CatalogRetention, nameof(options.CatalogRetention), "1.00:00:00"),
            SettingRules.Positive(options.RetentionSweepInterval, nameof(options.RetentionSweepInterval), "00:10:00"),
        ]);
    }
}
