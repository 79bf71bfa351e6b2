using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Storage;

namespace FinkXmatch.Core.SkyIndex;

/// <summary>
/// Keeps an index directory from growing with the datalake's past: the index and occupancy files of nights that are no
/// longer in the datalake, the scan plans of datalake files that are gone, and the pieces of files left by a process
/// that died while writing them. Everything removed is a cache, rebuilt if the night comes back.
/// </summary>
public static class IndexDirectorySweep
{
    /// <summary>
    /// Sweeps <paramref name="store"/> for the datalakes that hold <paramref name="datalakes"/>' nights now (one per
    /// survey): each survey's files of other nights, then, when <paramref name="everyDatalakeListed"/> (a datalake not
    /// mounted at the moment would lose its plans), the plans of files that are gone. Answers what was removed.
    /// </summary>
    public static SweptFiles Run(SkyIndexStore store, IEnumerable<(Survey Survey, IReadOnlyList<DatalakeShard> Nights)> datalakes,
        bool everyDatalakeListed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(datalakes);
        var swept = default(SweptFiles);
        foreach (var (survey, nights) in datalakes)
        {
            var present = nights.Select(n => new Night(n.Night).ToString()).ToHashSet(StringComparer.Ordinal);
            swept += SweptFiles.Remove(Path.Combine(store.Directory, survey.Name), SearchOption.TopDirectoryOnly,
                file => SweptFiles.IsLeftOverPart(file) || NightOf(file.Name) is { } night && !present.Contains(night), cancellationToken);
        }
        return everyDatalakeListed ? swept + store.Plans.RemoveStale(cancellationToken) : swept;
    }

    // "2025-07-03.parquet" or "2025-07-03.occupancy" -> "2025-07-03"; anything else is not the store's and stays.
    private static string? NightOf(string name)
    {
        var extension = Path.GetExtension(name);
        if (extension is not (".parquet" or ".occupancy")) return null;
        var stem = Path.GetFileNameWithoutExtension(name);
        return Night.TryParse(stem, out _) ? stem : null;
    }
}
