using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// The data topic of one job, <c>fxmatch_&lt;survey&gt;_&lt;YYYY-MM-DD&gt;_&lt;n&gt;</c> (CONTRACT §4, as Fink names its
/// Data Transfer topics <c>ftransfer_ztf_...</c> and <c>ftransfer_lsst_...</c>): the survey of the alerts, the UTC date
/// of submission and a number. The job id is this name and the only key to a job's results, so the service's numbers
/// are 64 random bits (<see cref="NewUnique"/>): unguessable, and unique without any stored counter.
/// </summary>
public sealed partial record JobTopic
{
    /// <summary>What every ZTF job topic starts with.</summary>
    public const string Prefix = "fxmatch_ztf_";

    /// <summary>A job topic for a date and a number (e.g. from a persisted counter), of ZTF alerts unless told.</summary>
    public JobTopic(DateOnly submittedOn, ulong number, Survey? survey = null)
    {
        SubmittedOn = submittedOn;
        Number = number;
        Survey = survey ?? Survey.Ztf;
    }

    /// <summary>The survey whose alerts the topic carries.</summary>
    public Survey Survey { get; }

    /// <summary>The UTC date of submission.</summary>
    public DateOnly SubmittedOn { get; }

    /// <summary>The number that makes the name unique for its date.</summary>
    public ulong Number { get; }

    /// <summary>The data topic name.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Survey.TopicPrefix}{new Night(SubmittedOn)}_{Number}");

    /// <summary>Its <c>_schema</c> topic.</summary>
    public string SchemaTopic => TopicNames.Schema(Name);

    /// <summary>Its progress topic, <c>__finkxmatch_progress_&lt;name&gt;</c>.</summary>
    public string ProgressTopic => TopicNames.Progress(Name);

    /// <summary>The topic of a job submitted at <paramref name="submittedAt"/> with a caller-chosen <paramref name="number"/>.</summary>
    public static JobTopic For(DateTimeOffset submittedAt, ulong number, Survey? survey = null) =>
        new(DateOnly.FromDateTime(submittedAt.UtcDateTime), number, survey);

    /// <summary>
    /// A topic nobody can guess: n is 64 bits from the cryptographic random generator (up to 20 digits), so knowing
    /// other jobs' ids tells nothing of this one, and two jobs of a day share a name with odds of one in 2^64.
    /// </summary>
    public static JobTopic NewUnique(DateTimeOffset submittedAt, Survey? survey = null)
    {
        Span<byte> random = stackalloc byte[sizeof(ulong)];
        RandomNumberGenerator.Fill(random);
        return new JobTopic(DateOnly.FromDateTime(submittedAt.UtcDateTime), BitConverter.ToUInt64(random), survey);
    }

    /// <summary>Parses a job topic name.</summary>
    /// <exception cref="FormatException">not of the form <c>fxmatch_SURVEY_YYYY-MM-DD_n</c>.</exception>
    public static JobTopic Parse(string name) =>
        TryParse(name, out var topic) ? topic : throw new FormatException($"'{name}' is not a job topic ({Shape})");

    /// <summary>The shape of a job topic, for messages.</summary>
    public static string Shape => $"fxmatch_{string.Join('|', Survey.All.Select(s => s.Name))}_YYYY-MM-DD_n";

    /// <summary>Parses a job topic name; false when it is not one.</summary>
    public static bool TryParse(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JobTopic? topic)
    {
        topic = null;
        if (name is null) return false;
        var match = Pattern().Match(name);
        if (!match.Success
            || !Survey.TryParse(match.Groups[1].Value, out var survey)
            || !Night.TryParse(match.Groups[2].Value, out var date)
            || !ulong.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return false;
        var parsed = new JobTopic(date, number, survey);
        // "_007" would parse to 7 and print as "_7": only the canonical spelling is a job topic.
        if (parsed.Name != name) return false;
        topic = parsed;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    [GeneratedRegex(@"^fxmatch_([a-z]+)_(\d{4}-\d{2}-\d{2})_(\d{1,20})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
