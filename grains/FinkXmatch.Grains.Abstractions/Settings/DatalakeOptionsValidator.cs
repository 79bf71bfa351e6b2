using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Xmatch;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Grains.Settings;

/// <summary>
/// Refuses a datalake that is not a directory, an unknown survey name, and a single datalake whose survey is also
/// given its own one.
/// </summary>
public sealed class DatalakeOptionsValidator : IValidateOptions<DatalakeOptions>
{
    public ValidateOptionsResult Validate(string? name, DatalakeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Datalake is { Length: > 0 } datalake && !Directory.Exists(datalake))
            return ValidateOptionsResult.Fail($"--datalake '{Path.GetFullPath(datalake)}' is not a directory: pass the folder holding year=YYYY/ ({FinkXmatchSection.Key(nameof(options.Datalake))})");
        foreach (var (surveyName, root) in options.Datalakes)
        {
            var key = $"{FinkXmatchSection.Key(nameof(options.Datalakes))}:{surveyName}";
            if (!Survey.TryParse(surveyName, out var survey))
                return ValidateOptionsResult.Fail($"{key}: unknown survey '{surveyName}', use {string.Join(" or ", Survey.All.Select(s => s.Name))}");
            if (!Directory.Exists(root))
                return ValidateOptionsResult.Fail($"--datalake {survey.Name}='{Path.GetFullPath(root)}' is not a directory: pass the folder holding year=YYYY/ ({key})");
            if (options.Datalake is { Length: > 0 } single && SurveyDatalakes.Detect(single) == survey)
                return ValidateOptionsResult.Fail($"--datalake '{single}' holds {survey.Name.ToUpperInvariant()} alerts and --datalake {survey.Name}=... names another: give one datalake per survey");
        }
        return ValidateOptionsResult.Success;
    }
}
