using System.Globalization;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// A validated crossmatch: the shards to scan, the alert schema, the result columns. Everything a user can get
/// wrong is checked here, before any scan starts, with a message that says what to change.
/// </summary>
public sealed class XmatchPlan
{
    private XmatchPlan(DatalakeLayout datalake, IReadOnlyList<DatalakeShard> shards, AlertSchema schema, ResultLayout result, XmatchOptions options)
    {
        Datalake = datalake;
        Shards = shards;
        Schema = schema;
        Result = result;
        Options = options;
    }

    public DatalakeLayout Datalake { get; }
    public IReadOnlyList<DatalakeShard> Shards { get; }
    public AlertSchema Schema { get; }
    public ResultLayout Result { get; }
    public XmatchOptions Options { get; }

    /// <summary>
    /// The result fields (or fields inside them) that some nights of the job lack, null in those nights' rows: one
    /// line per set of nights, for the job's log.
    /// </summary>
    public IReadOnlyList<string> MissingFieldNotes => MissingFields.Notes(Schema, Result.Fields);

    /// <exception cref="XmatchRequestException">Radius out of range, years and nights both given, bad field choice.</exception>
    /// <exception cref="DatalakeException">Missing datalake, no shard in the range, unknown field or packet.</exception>
    public static async Task<XmatchPlan> CreateAsync(string datalakeRoot, XmatchOptions options, string idColumn,
        CancellationToken cancellationToken = default) =>
        await CreateAsync(SelectNights(datalakeRoot, options), options, idColumn, cancellationToken).ConfigureAwait(false);

    /// <summary>The plan of the nights <see cref="SelectNights"/> chose for <paramref name="options"/>.</summary>
    /// <exception cref="DatalakeException">Unknown field or packet, unreadable files.</exception>
    public static async Task<XmatchPlan> CreateAsync(XmatchNights nights, XmatchOptions options, string idColumn,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nights);
        ArgumentNullException.ThrowIfNull(options);
        return Create(nights, await ReadSchemaAsync(nights, cancellationToken).ConfigureAwait(false), options, idColumn);
    }

    /// <summary>
    /// The alert schema of the nights, for <see cref="Create"/>: nights written under different schemas get one schema
    /// for the whole job, their union (Spark's mergeSchema). It needs no catalog, so it can be read while one loads.
    /// </summary>
    /// <exception cref="DatalakeException">Unreadable files, a field of different types in two nights.</exception>
    public static Task<AlertSchema> ReadSchemaAsync(XmatchNights nights, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nights);
        return JobAlertSchema.ReadAsync(nights.Shards, cancellationToken);
    }

    /// <summary>The plan of <paramref name="nights"/> from their schema (<see cref="ReadSchemaAsync"/>).</summary>
    /// <exception cref="DatalakeException">Unknown field or packet, no alert position in the schema.</exception>
    public static XmatchPlan Create(XmatchNights nights, AlertSchema schema, XmatchOptions options, string idColumn)
    {
        ArgumentNullException.ThrowIfNull(nights);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        var survey = SurveyOf(schema, nights.Datalake.Root, options.Survey);
        var result = ResultLayout.Create(schema, options.Fields, options.Packet, idColumn, survey);
        return new XmatchPlan(nights.Datalake, nights.Shards, schema, result, options);
    }

    /// <summary>The radius checked, the datalake listed and the nights of <paramref name="options"/> chosen: nothing read yet.</summary>
    /// <exception cref="XmatchRequestException">Radius out of range, years and nights both given.</exception>
    /// <exception cref="DatalakeException">Missing datalake, no shard in the range.</exception>
    public static XmatchNights SelectNights(string datalakeRoot, XmatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckRadius(options.RadiusArcsec);
        var datalake = DatalakeLayout.Open(datalakeRoot);
        return new XmatchNights(datalake, SelectShards(datalake, options.FirstYear, options.LastYear, options.StartNight, options.StopNight));
    }

    // The datalake's files tell their survey; a caller who named another one asked for alerts this datalake has not.
    private static Survey SurveyOf(AlertSchema schema, string datalakeRoot, Survey? asked)
    {
        var survey = Survey.Of(schema) ?? throw new DatalakeException(
            $"the datalake {datalakeRoot} holds no Fink alerts: its files have no alert position ({Survey.PositionColumns})");
        if (asked is not null && asked != survey)
            throw new XmatchRequestException(
                $"survey '{asked.Name}' was asked, but the datalake {datalakeRoot} holds {survey.Name.ToUpperInvariant()} alerts: ask for survey '{survey.Name}' or use a {asked.Name.ToUpperInvariant()} datalake");
        return survey;
    }

    public static void CheckRadius(double radiusArcsec)
    {
        if (!(radiusArcsec > 0 && radiusArcsec <= MatchLimits.MaxRadiusArcsec))
            throw new XmatchRequestException(
                $"{MatchLimits.RadiusMessage}, got {radiusArcsec.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>The nights of a request: its years, its night range, or every night when it gives neither.</summary>
    /// <exception cref="XmatchRequestException">Years and nights both given, or half a night range.</exception>
    /// <exception cref="DatalakeException">Reversed years or nights, no night in them, or none at all.</exception>
    public static IReadOnlyList<DatalakeShard> SelectShards(DatalakeLayout datalake, int? firstYear, int? lastYear,
        DateOnly? startNight, DateOnly? stopNight)
    {
        ArgumentNullException.ThrowIfNull(datalake);
        var byYears = firstYear is not null || lastYear is not null;
        var byNights = startNight is not null || stopNight is not null;
        if (byYears && byNights) throw new XmatchRequestException("give either years or a night range, not both");
        if (byYears) return datalake.SelectYears(firstYear ?? lastYear!.Value, lastYear ?? firstYear!.Value);
        if (byNights)
        {
            if (startNight is null || stopNight is null)
                throw new XmatchRequestException("a night range needs both a start night and a stop night");
            return datalake.SelectNights(startNight.Value, stopNight.Value);
        }
        if (datalake.Shards.Count == 0) throw new DatalakeException($"the datalake {datalake.Root} holds no night shard (year=YYYY/month=MM/day=DD)");
        return datalake.Shards;
    }
}
