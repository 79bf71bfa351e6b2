namespace FinkXmatch.Core.Xmatch;

/// <summary>How a night was read by a crossmatch (the job log and the command line say it for each night).</summary>
public enum ShardScanPath
{
    /// <summary>Every position of the night scanned.</summary>
    FullScan,

    /// <summary>Every position scanned, and the night's sky index built from them in the same pass.</summary>
    FullScanBuildingIndex,

    /// <summary>Only the sky-index rows of the cells the catalog reaches, then the matched alerts' fields.</summary>
    SkyIndex,
}
