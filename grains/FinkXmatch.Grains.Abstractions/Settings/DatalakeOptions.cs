namespace FinkXmatch.Grains.Settings;

/// <summary>The Fink datalakes served (<c>FinkXmatch:Datalake</c>, <c>FinkXmatch:Datalakes:SURVEY</c>, <c>--datalake</c>).</summary>
public sealed class DatalakeOptions
{
    /// <summary>
    /// Root of the Fink datalake (<c>year=YYYY/month=MM/day=DD/*.parquet</c>), its survey told by its files; null when
    /// none is configured (then <see cref="Datalakes"/>, or the demo datalakes).
    /// </summary>
    public string? Datalake { get; set; }

    /// <summary>One datalake root per survey (<c>ztf</c>, <c>lsst</c>): <c>FinkXmatch:Datalakes:lsst</c>, <c>--datalake lsst=DIR</c>.</summary>
    public Dictionary<string, string> Datalakes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the silo plans new nights ahead of their jobs in the background (<c>FinkXmatch:PlanNightsAhead</c>): each
    /// file's scan plan, each night's sky index and occupancy, made on one low-priority core so that no job pays a
    /// night's first read. On by default.
    /// </summary>
    public bool PlanNightsAhead { get; set; } = true;

    /// <summary>How often the planner looks for nights that landed (<c>FinkXmatch:PlanNightsInterval</c>).</summary>
    public TimeSpan PlanNightsInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether no datalake is configured at all.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Datalake) && Datalakes.Count == 0;
}
