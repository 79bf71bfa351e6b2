namespace FinkXmatch.Grains.Settings;

/// <summary>Refuses an empty data directory (that it can be written is checked when the service starts).</summary>
public sealed class DataDirectoryOptionsValidator : SettingsValidator<DataDirectoryOptions>
{
    protected override IEnumerable<string?> Failures(DataDirectoryOptions options) =>
    [
        string.IsNullOrWhiteSpace(options.DataDirectory) ? $"--data-dir ({FinkXmatchSection.Key(nameof(options.DataDirectory))}) must not be empty" : null,
    ];
}
