using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Grains.Settings;

/// <summary>
/// Refuses a datalake that is not a directory, an unknown survey name, a single datalake whose survey is also
/// given its own one, and a planning interval that is not positive.
/// </summary>
public sealed class DatalakeOptionsValidator : SettingsValidator<DatalakeOptions>
{
    protected override IEnumerable<string?> Failures(DatalakeOptions options)
    {
        if (options.Datalake is { Length: > 0 } datalake && !Directory.Exists(datalake))
            yield return $"--datalake '{Path.GetFullPath(datalake)}' is not a directory: pass the folder holding year=YYYY/ ({FinkXmatchSection.Key(nameof(options.Datalake))})";
        yield return Positive(options.PlanNightsInterval, nameof(options.PlanNightsInterval), "00:05:00");
        foreach (var (name, root) in options.Datalakes)
        {
            var key = $"{FinkXmatchSection.Key(nameof(options.Datalakes))}:{name}";
            if (!Survey.TryParse(name, out var survey))
                yield return $"{key}: unknown survey '{name}', use {string.Join(" or ", Survey.All.Select(s => s.Name))}";
            else if (!Directory.Exists(root))
                yield return $"--datalake {survey.Name}='{Path.GetFullPath(root)}' is not a directory: pass the folder holding year=YYYY/ ({key})";
            else if (options.Datalake is { Length: > 0 } single && Directory.Exists(single) && SurveyDatalakes.Detect(single) == survey)
                yield return $"--datalake '{single}' holds {survey.Name.ToUpperInvariant()} alerts and --datalake {survey.Name}=... names another: give one datalake per survey";
        }
    }
}
