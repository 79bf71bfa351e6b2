namespace FinkXmatch.Core.SkyIndex;

/// <summary>
/// What <see cref="SkyIndexStore.PrepareAsync"/> made for a night: scan plans written for its files, its sky index
/// built (which records its occupancy too), its occupancy recorded from an index already there; and the night's index.
/// </summary>
public sealed record NightPreparation(int PlansWritten, bool IndexBuilt, bool OccupancyRecorded, NightIndex Index)
{
    /// <summary>Whether anything was missing.</summary>
    public bool MadeAnything => PlansWritten > 0 || IndexBuilt || OccupancyRecorded;
}
