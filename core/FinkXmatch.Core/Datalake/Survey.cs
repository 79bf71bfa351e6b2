using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Datalake;

/// <summary>
/// A survey whose alerts Fink keeps in a datalake: where an alert's position and identifiers are in its schema, and
/// how Fink's Data Transfer packets are cut from it. ZTF and Rubin (LSST) datalakes have the same layout
/// (<c>year=/month=/day=</c> Parquet written by Spark) and different alert schemas; everything that differs between
/// them is here, so the scan, the results and the packets read it from one place.
/// </summary>
public sealed class Survey
{
    /// <summary>The Zwicky Transient Facility: <c>candidate.ra/dec</c>, <c>objectId</c> (string), <c>candid</c>.</summary>
    public static readonly Survey Ztf = new(
        name: "ztf",
        ra: "candidate.ra", dec: "candidate.dec",
        objectId: new IdentifierColumn("objectId", AlertValueType.String),
        alertId: new IdentifierColumn("candid", AlertValueType.Int64),
        time: "candidate.jd",
        timeToJdUtc: 0,
        example: "candidate.magpsf",
        lightStruct: "candidate",
        lightMembers: ["magpsf", "sigmapsf", "fid", "jd", "ra", "dec", "ssnamenr"],
        lightDropped: ["candidate", "prv_candidates"],
        chosenFieldsAlsoGet: null);

    /// <summary>
    /// The Vera C. Rubin Observatory's LSST: <c>diaSource.ra/dec</c>, <c>diaSource.diaObjectId</c>, <c>diaSourceId</c>
    /// (both longs), packets as Fink's LSST Data Transfer cuts them (fink-client <c>-survey lsst</c>).
    /// </summary>
    public static readonly Survey Lsst = new(
        name: "lsst",
        ra: "diaSource.ra", dec: "diaSource.dec",
        objectId: new IdentifierColumn("diaSource.diaObjectId", AlertValueType.Int64),
        alertId: new IdentifierColumn("diaSourceId", AlertValueType.Int64),
        time: "diaSource.midpointMjdTai",
        // MJD to JD, and TAI to UTC (TAI - UTC = 37 s since 2017).
        timeToJdUtc: 2_400_000.5 - 37.0 / 86_400,
        example: "diaSource.psfFlux",
        lightStruct: "diaSource",
        lightMembers: ["diaObjectId", "snr", "scienceFlux", "scienceFluxErr", "templateFlux", "templateFluxErr", "band",
            "midpointMjdTai", "ra", "dec", "reliability"],
        lightDropped: ["diaSource", "prvDiaSources", "prvDiaForcedSources", "diaObject", "ssSource", "MPCORB", "mpc_orbits",
            "year", "month", "day"],
        // Fink's LSST client partitions what it receives by time, so a custom field list always carries it.
        chosenFieldsAlsoGet: "diaSource.midpointMjdTai");

    /// <summary>Every survey, in the order they are named to users.</summary>
    public static IReadOnlyList<Survey> All { get; } = [Ztf, Lsst];

    private Survey(string name, string ra, string dec, IdentifierColumn objectId, IdentifierColumn alertId, string time, double timeToJdUtc,
        string example, string lightStruct, IReadOnlyList<string> lightMembers, IReadOnlyList<string> lightDropped, string? chosenFieldsAlsoGet)
    {
        Name = name;
        RaPath = ra;
        DecPath = dec;
        ObjectId = objectId;
        AlertId = alertId;
        TimePath = time;
        _timeToJdUtc = timeToJdUtc;
        ExampleField = example;
        LightStruct = lightStruct;
        LightMembers = lightMembers;
        LightDropped = lightDropped;
        ChosenFieldsAlsoGet = chosenFieldsAlsoGet;
    }

    /// <summary>The survey's word in requests, topics and messages: <c>ztf</c> or <c>lsst</c>.</summary>
    public string Name { get; }

    /// <summary>The alert position's right ascension (degrees, a double), as a dotted path.</summary>
    public string RaPath { get; }

    /// <summary>The alert position's declination (degrees, a double), as a dotted path.</summary>
    public string DecPath { get; }

    /// <summary>The object the alert belongs to: the first result column.</summary>
    public IdentifierColumn ObjectId { get; }

    /// <summary>The alert itself: the second result column.</summary>
    public IdentifierColumn AlertId { get; }

    /// <summary>The alert's time (a double: JD for ZTF, MJD TAI for LSST).</summary>
    public string TimePath { get; }

    private readonly double _timeToJdUtc;

    /// <summary>An alert's <see cref="TimePath"/> value as a Julian Date in UTC (what Fink's time arguments mean).</summary>
    public double TimeToJdUtc(double time) => time + _timeToJdUtc;

    /// <summary>A nested field to show in messages and hints (<c>candidate.magpsf</c>).</summary>
    public string ExampleField { get; }

    /// <summary>The struct whose <see cref="LightMembers"/> open the <c>light</c> packet.</summary>
    public string LightStruct { get; }

    /// <summary>The members of <see cref="LightStruct"/> the <c>light</c> packet keeps, in output order.</summary>
    public IReadOnlyList<string> LightMembers { get; }

    /// <summary>The top-level columns (besides the cutouts) the <c>light</c> packet leaves out.</summary>
    public IReadOnlyList<string> LightDropped { get; }

    /// <summary>A field added to every custom field list (Fink's rule for the survey), or null.</summary>
    public string? ChosenFieldsAlsoGet { get; }

    /// <summary>The two identifier columns that open every result row, object first.</summary>
    public IReadOnlyList<IdentifierColumn> Identifiers => [ObjectId, AlertId];

    /// <summary>What every job topic of this survey starts with (CONTRACT §4: <c>fxmatch_ztf_</c>, <c>fxmatch_lsst_</c>).</summary>
    public string TopicPrefix => $"fxmatch_{Name}_";

    /// <summary>Where each survey keeps its alert position, for messages: <c>candidate.ra/candidate.dec for ZTF or ...</c>.</summary>
    public static string PositionColumns => string.Join(" or ", All.Select(s => $"{s.RaPath}/{s.DecPath} for {s.Name.ToUpperInvariant()}"));

    /// <summary>The survey named <paramref name="name"/> (case-insensitive, surrounding spaces ignored).</summary>
    public static bool TryParse(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Survey? survey)
    {
        var word = name?.Trim();
        survey = All.FirstOrDefault(s => string.Equals(s.Name, word, StringComparison.OrdinalIgnoreCase));
        return survey is not null;
    }

    /// <summary>The survey named <paramref name="name"/>.</summary>
    /// <exception cref="DatalakeException">An unknown survey, with the known ones.</exception>
    public static Survey Parse(string? name) => TryParse(name, out var survey) ? survey
        : throw new DatalakeException($"unknown survey '{name}': use {string.Join(" or ", All.Select(s => s.Name))}");

    /// <summary>The survey whose alert position a schema holds, or null when it holds neither.</summary>
    public static Survey? Of(AlertSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return All.FirstOrDefault(s => schema.TryFind(s.RaPath, out _) && schema.TryFind(s.DecPath, out _));
    }

    /// <summary>The survey whose alert position a file's footer holds, or null.</summary>
    internal static Survey? Of(ParquetFooter footer) =>
        All.FirstOrDefault(s => footer.LeafIndex(Key(s.RaPath)) >= 0 && footer.LeafIndex(Key(s.DecPath)) >= 0);

    /// <summary>The footer key of a dotted path.</summary>
    internal static string Key(string dottedPath) => ParquetFooter.PathKey(dottedPath.Split('.'));

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>An identifier column of a survey's alerts: its dotted path and the type it must have.</summary>
/// <param name="Path">Dotted path in the alert, e.g. <c>diaSource.diaObjectId</c>.</param>
/// <param name="Type">Its type: a string (ZTF's <c>objectId</c>) or a long.</param>
public sealed record IdentifierColumn(string Path, AlertValueType Type)
{
    /// <summary>Its result column name: the leaf name, as for every nested field (<c>diaObjectId</c>).</summary>
    public string Name => Path[(Path.LastIndexOf('.') + 1)..];
}
