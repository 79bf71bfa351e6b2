using Microsoft.Extensions.Options;

namespace FinkXmatch.Grains.Settings;

/// <summary>Refuses an empty data directory (that it can be written is checked when the service starts).</summary>
public sealed class DataDirectoryOptionsValidator : IValidateOptions<DataDirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, DataDirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.DataDirectory)
            ? ValidateOptionsResult.Fail($"--data-dir ({FinkXmatchSection.Key(nameof(options.DataDirectory))}) must not be empty")
            : ValidateOptionsResult.Success;
    }
}
