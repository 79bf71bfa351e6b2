namespace FinkXmatch.Core.Xmatch;

/// <summary>How the job log and the command line name a night's <see cref="ShardScanPath"/>.</summary>
public static class ShardScanPathText
{
    public static string Describe(this ShardScanPath path) => path switch
    {
        ShardScanPath.SkyIndex => "read through the sky index",
        ShardScanPath.FullScanBuildingIndex => "full scan, sky index built from it",
        _ => "full scan",
    };
}
