using System.CommandLine;
using System.Globalization;
using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Silo.Cli;

/// <summary>
/// The kinds of flag the verbs take, as typed <see cref="Option{T}"/>s: each parses its text in one place and, when the
/// text does not fit, names the flag and the value in the one-line error (<see cref="CliErrors"/>). A flag is
/// declared once with its description, and the generated help lists it.
/// </summary>
public static class CliOptions
{
    /// <summary>Declares <paramref name="options"/> on <paramref name="command"/>, in the order its help lists them.</summary>
    public static void AddTo(Command command, params Option[] options)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in options) command.Options.Add(option);
    }

    /// <summary>A flag with a text value: <c>--name VALUE</c> (or <c>--name=VALUE</c>).</summary>
    public static Option<string> Text(string name, string valueName, string description, bool required = false) =>
        new($"--{name}") { HelpName = valueName, Description = description, Required = required };

    /// <summary>A flag without value, true when given.</summary>
    public static Option<bool> Flag(string name, string description) =>
        new($"--{name}") { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>A flag that may be given more than once; its values in the order given.</summary>
    public static Option<string[]> Repeatable(string name, string valueName, string description) =>
        new($"--{name}") { HelpName = valueName, Description = description, Arity = ArgumentArity.OneOrMore };

    /// <summary>A finite number (invariant culture: a dot before the decimals).</summary>
    public static Option<double?> Number(string name, string valueName, string description, bool required = false) =>
        Typed<double?>(name, valueName, description, required,
            text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null,
            text => $"--{name} must be a number, got '{text}'");

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<long?> WholeNumber(string name, string valueName, string description, long min, long max, bool required = false) =>
        Typed<long?>(name, valueName, description, required,
            text => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v : null,
            text => $"--{name} must be a whole number from {min} to {max}, got '{text}'");

    /// <summary>A night, <c>YYYY-MM-DD</c>.</summary>
    public static Option<DateOnly?> Night(string name, string description) =>
        Typed<DateOnly?>(name, Core.Datalake.Night.Shape, description, required: false,
            text => Core.Datalake.Night.TryParse(text, out var night) ? night.Date : null,
            text => $"--{name} must be a night as {Core.Datalake.Night.Shape}, got '{text}'");

    /// <summary><c>--survey ztf|lsst</c>; not given: the survey the datalake's files hold.</summary>
    public static Option<Survey?> Survey(string description = "the alerts' survey (default: the one the datalake's files hold)") =>
        Typed<Survey?>("survey", SurveyNames("|"), description, required: false,
            text => Core.Datalake.Survey.TryParse(text, out var survey) ? survey : null,
            text => $"--survey must be {SurveyNames(" or ")}, got '{text}'");

    private static string SurveyNames(string separator) => string.Join(separator, Core.Datalake.Survey.All.Select(s => s.Name));

    // parse answers null for a text it refuses; refusal is then the flag's one-line error.
    private static Option<T> Typed<T>(string name, string valueName, string description, bool required,
        Func<string, T> parse, Func<string, string> refusal) =>
        new($"--{name}")
        {
            HelpName = valueName,
            Description = description,
            Required = required,
            CustomParser = result =>
            {
                // Given twice or without its value: the arity check says so (CliErrors); there is no one text to parse.
                if (result.Tokens.Count != 1) return default;
                var text = result.Tokens[0].Value;
                var value = parse(text);
                if (value is null) result.AddError(refusal(text));
                return value;
            },
        };
}
