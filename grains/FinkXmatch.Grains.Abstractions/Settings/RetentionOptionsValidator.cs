namespace FinkXmatch.Grains.Settings;

/// <summary>Refuses a retention or sweep interval that is not positive.</summary>
public sealed class RetentionOptionsValidator : SettingsValidator<RetentionOptions>
{
    protected override IEnumerable<string?> Failures(RetentionOptions options) =>
    [
        Positive(options.ResultRetention, nameof(options.ResultRetention), "7.00:00:00"),
        Positive(options.CatalogRetention, nameof(options.CatalogRetention), "1.00:00:00"),
        Positive(options.RetentionSweepInterval, nameof(options.RetentionSweepInterval), "00:10:00"),
    ];
}
