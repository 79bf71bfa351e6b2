using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// A job's catalog index; <paramref name="AlertsRead"/>: the alerts whose reach chose the sources indexed (null when
/// the whole catalog was indexed), with the time that took (<paramref name="Prune"/>) and the build's (<paramref name="Build"/>).
/// </summary>
public sealed record CatalogIndex(HealpixIndex Index, long? AlertsRead, TimeSpan Prune, TimeSpan Build)
{
    /// <summary>True when only the sources that can reach an alert of the nights were indexed.</summary>
    public bool Pruned => AlertsRead is not null;
}
