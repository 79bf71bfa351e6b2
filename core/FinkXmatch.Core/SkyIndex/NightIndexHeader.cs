using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.SkyIndex;

/// <summary>
/// What a night's index file says about itself (its Parquet key-value metadata): the survey and night, the stamp of the
/// night's files it was built from (paths, sizes, modification times), the alerts read and how many of them are indexed,
/// and the night's file names in the order the <c>file</c> column counts them.
/// </summary>
public sealed record NightIndexHeader(string Survey, DateOnly Night, string Stamp, long Alerts, long Indexed, IReadOnlyList<string> FileNames)
{
    /// <summary>Whether this header describes <paramref name="night"/> of <paramref name="survey"/> as its files are now (<paramref name="stamp"/>).</summary>
    public bool Describes(Survey survey, DatalakeShard night, string stamp) =>
        Survey == survey.Name && Night == night.Night && Stamp == stamp;
}
