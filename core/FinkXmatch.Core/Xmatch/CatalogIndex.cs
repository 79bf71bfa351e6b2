using System.Globalization;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// A job's catalog index; <paramref name="AlertsRead"/>: the alerts whose reach chose the sources indexed (null when
/// the whole catalog was indexed), with the time that took (<paramref name="Prune"/>) and the build's (<paramref name="Build"/>);
/// <paramref name="Candidates"/>: the alerts that reading kept for the scan, when it kept them (<see cref="AlertCandidates"/>).
/// </summary>
public sealed record CatalogIndex(HealpixIndex Index, long? AlertsRead, TimeSpan Prune, TimeSpan Build, AlertCandidates? Candidates = null)
{
    /// <summary>True when only the sources that can reach an alert of the nights were indexed.</summary>
    public bool Pruned => AlertsRead is not null;

    /// <summary>
    /// The nights (by name) a pruned index does not cover, each with the error of its file that could not be read:
    /// their alerts' reach is not known, so a source one of them matches may be left out. Empty for a job alone (its
    /// build fails instead) and for the whole catalog's index.
    /// </summary>
    public IReadOnlyDictionary<string, DatalakeException> Unread { get; init; } = new Dictionary<string, DatalakeException>();

    /// <summary>What the pruning kept, for the CLI's and the job's log (of a catalog of <paramref name="sources"/>).</summary>
    public string DescribePruning(int sources) => string.Create(CultureInfo.InvariantCulture,
        $"index: {Index.IndexedSourceCount:N0} of {sources:N0} sources can reach an alert of these nights ({AlertsRead:N0} alerts located in {Prune.TotalSeconds:F2} s)");
}
