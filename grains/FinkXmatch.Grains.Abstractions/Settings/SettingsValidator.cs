using System.Globalization;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Grains.Settings;

/// <summary>
/// The validators of this folder: each lists its checks' failures, one sentence naming the key to change; they are
/// joined into one line (<see cref="OptionsValidationException.Message"/>).
/// </summary>
public abstract class SettingsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options).OfType<string>().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Each check's failure, or null where it passes.</summary>
    protected abstract IEnumerable<string?> Failures(TOptions options);

    protected static string? Positive(long value, string member) =>
        value > 0 ? null : $"{FinkXmatchSection.Key(member)} must be positive, got {value.ToString(CultureInfo.InvariantCulture)}";

    protected static string? Positive(TimeSpan value, string member, string example) =>
        value > TimeSpan.Zero ? null : $"{FinkXmatchSection.Key(member)} must be positive, e.g. {example}, got {Text(value)}";

    protected static string? NotNegative(TimeSpan value, string member) =>
        value >= TimeSpan.Zero ? null : $"{FinkXmatchSection.Key(member)} must not be negative, got {Text(value)}";

    private static string Text(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
