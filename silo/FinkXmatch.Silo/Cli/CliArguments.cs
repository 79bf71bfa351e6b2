using System.Globalization;

namespace FinkXmatch.Silo.Cli;

/// <summary>
/// `--name value` and `--flag` options of one verb. Every option a verb reads is declared by reading it, and
/// <see cref="EnsureAllUsed"/> then rejects any the user gave that the verb does not know (a typo must not be ignored).
/// </summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _repeated = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string> _repeatable;

    /// <param name="args">The verb's arguments.</param>
    /// <param name="repeatable">Options that may be given more than once (read them with <see cref="All"/>).</param>
    public CliArguments(IEnumerable<string> args, IReadOnlySet<string>? repeatable = null)
    {
        _repeatable = repeatable ?? new HashSet<string>();
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                if (pending is not null) _options[pending] = null;
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    Add(arg[2..eq], arg[(eq + 1)..]);
                    pending = null;
                }
                else
                {
                    pending = arg[2..];
                    if (_options.ContainsKey(pending) && !_repeatable.Contains(pending)) throw new UsageException($"option --{pending} is given twice");
                }
            }
            else if (pending is not null)
            {
                Add(pending, arg);
                pending = null;
            }
            else
            {
                throw new UsageException($"unexpected argument '{arg}': options are written --name value");
            }
        }
        if (pending is not null) _options[pending] = null;
    }

    private void Add(string name, string value)
    {
        if (_repeatable.Contains(name))
        {
            _options[name] = value;
            (_repeated.TryGetValue(name, out var values) ? values : _repeated[name] = []).Add(value);
            return;
        }
        if (!_options.TryAdd(name, value)) throw new UsageException($"option --{name} is given twice");
    }

    /// <summary>Every value of a repeatable option, in the order given (empty when it is not given).</summary>
    public IReadOnlyList<string> All(string name)
    {
        if (!Has(name)) return [];
        if (_options[name] is null) throw new UsageException($"option --{name} needs a value");
        return _repeated.TryGetValue(name, out var values) ? values : [];
    }

    public bool Has(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    public bool Flag(string name)
    {
        if (!Has(name)) return false;
        if (_options[name] is not null) throw new UsageException($"option --{name} takes no value");
        return true;
    }

    public string? Optional(string name)
    {
        if (!Has(name)) return null;
        return _options[name] ?? throw new UsageException($"option --{name} needs a value");
    }

    public string Required(string name, string what) =>
        Optional(name) ?? throw new UsageException($"missing --{name} ({what})");

    public double? OptionalDouble(string name)
    {
        var text = Optional(name);
        if (text is null) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new UsageException($"--{name} must be a number, got '{text}'");
        return v;
    }

    public long? OptionalLong(string name, long min, long max)
    {
        var text = Optional(name);
        if (text is null) return null;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw new UsageException($"--{name} must be a whole number from {min} to {max}, got '{text}'");
        return v;
    }

    public DateOnly? OptionalNight(string name)
    {
        var text = Optional(name);
        if (text is null) return null;
        if (!Core.Datalake.Night.TryParse(text, out var night))
            throw new UsageException($"--{name} must be a night as {Core.Datalake.Night.Shape}, got '{text}'");
        return night.Date;
    }

    /// <summary>A survey (<c>ztf</c>, <c>lsst</c>); null when not given (the survey the datalake's files hold).</summary>
    public FinkXmatch.Core.Datalake.Survey? OptionalSurvey(string name)
    {
        var text = Optional(name);
        if (text is null) return null;
        return FinkXmatch.Core.Datalake.Survey.TryParse(text, out var survey) ? survey
            : throw new UsageException($"--{name} must be {string.Join(" or ", FinkXmatch.Core.Datalake.Survey.All.Select(s => s.Name))}, got '{text}'");
    }

    /// <summary>Rejects options the verb did not read.</summary>
    public void EnsureAllUsed(string verb)
    {
        foreach (var name in _options.Keys)
        {
            if (!_used.Contains(name))
                throw new UsageException($"unknown option --{name} for '{verb}' (see 'finkxmatch help')");
        }
    }
}
