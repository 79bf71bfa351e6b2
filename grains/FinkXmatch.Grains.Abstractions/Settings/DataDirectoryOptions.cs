namespace FinkXmatch.Grains.Settings;

/// <summary>Where the service keeps its files: uploads, catalogs, results, sky indexes (<c>FinkXmatch:DataDirectory</c>, <c>--data-dir</c>).</summary>
public sealed class DataDirectoryOptions
{
    /// <summary>Relative paths are resolved against the current directory.</summary>
    public string DataDirectory { get; set; } = "data";
}
