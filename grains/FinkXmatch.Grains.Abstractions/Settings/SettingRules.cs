using System.Globalization;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Grains.Settings;

/// <summary>
/// The checks the settings validators share. Each failure is one sentence naming the key to change; a validator's
/// failures are joined into one line (<see cref="OptionsValidationException.Message"/>).
/// </summary>
internal static class SettingRules
{
    public static string? Positive(long value, string member) =>
        value > 0 ? null : $"{FinkXmatchSection.Key(member)} must be positive, got {value.ToString(CultureInfo.InvariantCulture)}";

    public static string? Positive(TimeSpan value, string member, string example) =>
        value > TimeSpan.Zero ? null : $"{FinkXmatchSection.Key(member)} must be positive, e.g. {example}, got {value.ToString("c", CultureInfo.InvariantCulture)}";

    public static string? NotNegative(TimeSpan value, string member) =>
        value >= TimeSpan.Zero ? null : $"{FinkXmatchSection.Key(member)} must not be negative, got {value.ToString("c", CultureInfo.InvariantCulture)}";

    /// <summary>Success, or the failures that are not null.</summary>
    public static ValidateOptionsResult Result(IEnumerable<string?> failures)
    {
        var found = failures.OfType<string>().ToList();
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}
