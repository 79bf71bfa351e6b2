using System.Globalization;

namespace FinkXmatch.Core.Datalake;

/// <summary>
/// The night shards of a Fink datalake, <c>ROOT/year=YYYY/month=MM/day=DD/*.parquet</c> (zero-padded), sorted by night.
/// Other files and directories are ignored, as are nights without any Parquet file.
/// </summary>
public sealed class DatalakeLayout
{
    private DatalakeLayout(string root, IReadOnlyList<DatalakeShard> shards)
    {
        Root = root;
        Shards = shards;
    }

    /// <summary>Absolute path of the datalake root.</summary>
    public string Root { get; }

    /// <summary>Every non-empty night, oldest first.</summary>
    public IReadOnlyList<DatalakeShard> Shards { get; }

    /// <summary>First night of the datalake, or null when it holds none.</summary>
    public DateOnly? FirstNight => Shards.Count == 0 ? null : Shards[0].Night;

    /// <summary>Last night of the datalake, or null when it holds none.</summary>
    public DateOnly? LastNight => Shards.Count == 0 ? null : Shards[^1].Night;

    /// <summary>Lists the shards under <paramref name="root"/>.</summary>
    /// <exception cref="DatalakeException">The root directory does not exist.</exception>
    public static DatalakeLayout Open(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
            throw new DatalakeException($"datalake root '{full}' does not exist: pass the directory that holds the year=YYYY folders");

        var shards = new List<DatalakeShard>();
        foreach (var yearDir in Partitions(full, "year", 4))
            foreach (var monthDir in Partitions(yearDir.Path, "month", 2))
                foreach (var dayDir in Partitions(monthDir.Path, "day", 2))
                {
                    if (!IsValidDate(yearDir.Value, monthDir.Value, dayDir.Value)) continue;
                    var files = Directory.EnumerateFiles(dayDir.Path, "*.parquet")
                        .Where(f => f.EndsWith(".parquet", StringComparison.Ordinal))
                        .Order(StringComparer.Ordinal)
                        .ToArray();
                    if (files.Length > 0)
                        shards.Add(new DatalakeShard(yearDir.Value, monthDir.Value, dayDir.Value, dayDir.Path, files));
                }
        shards.Sort((a, b) => a.Night.CompareTo(b.Night));
        return new DatalakeLayout(full, shards);
    }

    /// <summary>Shards of the consecutive years <paramref name="first"/>..<paramref name="last"/> (inclusive).</summary>
    /// <exception cref="DatalakeException">Reversed years, or no shard in those years.</exception>
    public IReadOnlyList<DatalakeShard> SelectYears(int first, int last)
    {
        if (last < first)
            throw new DatalakeException($"years {first}-{last} are reversed: give the earlier year first, e.g. {last}-{first}");
        var selected = Shards.Where(s => s.Year >= first && s.Year <= last).ToArray();
        if (selected.Length == 0)
            throw new DatalakeException($"no night in years {first}-{last}: {Extent()}");
        return selected;
    }

    /// <summary>
    /// Shards of the years the request's <c>years</c> names: a first and a last year, inclusive (<c>[2025]</c> and
    /// <c>[2025, 2025]</c> are the year 2025, <c>[2023, 2025]</c> three years, as on Fink's page where the same
    /// year chosen twice means that year alone); a longer list must name every year of the run, in order.
    /// </summary>
    /// <exception cref="DatalakeException">Empty or reversed years, a longer list with a gap, or no shard in them.</exception>
    public IReadOnlyList<DatalakeShard> SelectYears(IReadOnlyList<int> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        if (years.Count == 0) throw new DatalakeException("no year given: give the first and the last year, e.g. [2024, 2025], or [2025, 2025] for one year");
        var (first, last) = (years[0], years[^1]);
        var listed = $"[{string.Join(", ", years)}]";
        if (last < first)
            throw new DatalakeException($"years {listed} are reversed: give the first year, then the last, e.g. [{last}, {first}]");
        for (var i = 1; years.Count > 2 && i < years.Count; i++)
            if (years[i] != years[i - 1] + 1)
                throw new DatalakeException(
                    $"years {listed} are not consecutive: give the first and the last year, e.g. [{first}, {last}], or use startNight/stopNight");
        return SelectYears(first, last);
    }

    /// <summary>Shards of the nights <paramref name="start"/>..<paramref name="stop"/> (inclusive).</summary>
    /// <exception cref="DatalakeException">Reversed range, or no shard in it.</exception>
    public IReadOnlyList<DatalakeShard> SelectNights(DateOnly start, DateOnly stop)
    {
        if (stop < start)
            throw new DatalakeException($"night range {Format(start)}..{Format(stop)} is reversed: startNight must not be after stopNight");
        var selected = Shards.Where(s => s.Night >= start && s.Night <= stop).ToArray();
        if (selected.Length == 0)
            throw new DatalakeException($"no night between {Format(start)} and {Format(stop)}: {Extent()}");
        return selected;
    }

    private string Extent() => Shards.Count == 0
        ? $"the datalake at '{Root}' holds no night (expected year=YYYY/month=MM/day=DD/*.parquet)"
        : $"the datalake holds {Shards.Count} nights from {Format(Shards[0].Night)} to {Format(Shards[^1].Night)}";

    private static string Format(DateOnly night) => new Night(night).ToString();

    private static bool IsValidDate(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    /// <summary>Sub-directories named <c>key=NN..</c> with exactly <paramref name="digits"/> digits.</summary>
    private static IEnumerable<(string Path, int Value)> Partitions(string parent, string key, int digits)
    {
        var prefix = key + "=";
        foreach (var dir in Directory.EnumerateDirectories(parent))
        {
            var name = Path.GetFileName(dir);
            if (name.Length != prefix.Length + digits || !name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var number = name.AsSpan(prefix.Length);
            if (!number.ContainsOnlyDigits()) continue;
            yield return (dir, int.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture));
        }
    }
}

internal static class SpanDigits
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExceptInRange('0', '9');
}
