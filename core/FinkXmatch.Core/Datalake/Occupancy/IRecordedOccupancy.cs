using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.Datalake.Occupancy;

/// <summary>
/// Where a night's occupancy may already be known without reading its files again: recorded by a pass that read its
/// positions for another purpose (a job's night scan building the night's sky index).
/// </summary>
public interface IRecordedOccupancy
{
    /// <summary>The occupancy recorded for <paramref name="night"/> of <paramref name="survey"/> when its files were as <paramref name="stamp"/> says, or null.</summary>
    SkyCoverage? TryGetOccupancy(Survey survey, DatalakeShard night, string stamp);
}
