using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// The datalakes a service serves: one per survey (<c>--datalake lsst=DIR --datalake ztf=DIR</c>), or a single one
/// (<c>--datalake DIR</c>) whose survey its files tell. Requests name a survey, or none when only one is served.
/// </summary>
public sealed class SurveyDatalakes
{
    private readonly string? _single;
    private readonly Dictionary<Survey, string> _bySurvey = [];
    private Survey? _singleSurvey;

    /// <param name="single">The one datalake whose survey its files tell, or null.</param>
    /// <param name="perSurvey">Datalake roots by survey name (<c>ztf</c>, <c>lsst</c>), or null.</param>
    /// <exception cref="DatalakeException">An unknown survey name.</exception>
    public SurveyDatalakes(string? single, IReadOnlyDictionary<string, string>? perSurvey)
    {
        _single = string.IsNullOrWhiteSpace(single) ? null : single;
        foreach (var (name, root) in perSurvey ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(root)) continue;
            _bySurvey[Survey.Parse(name)] = root;
        }
    }

    /// <summary>Whether no datalake is configured at all.</summary>
    public bool IsEmpty => _single is null && _bySurvey.Count == 0;

    /// <summary>Every datalake served, by survey, in <see cref="Survey.All"/> order.</summary>
    public IReadOnlyList<(Survey Survey, string Root)> All
    {
        get
        {
            var all = new Dictionary<Survey, string>(_bySurvey);
            if (_single is not null) all.TryAdd(SingleSurvey(), _single);
            return Survey.All.Where(all.ContainsKey).Select(s => (s, all[s])).ToArray();
        }
    }

    /// <summary>
    /// The datalake of <paramref name="asked"/>; when none is asked, of the one survey served, or of ZTF when several
    /// are (requests of the contract's first version name no survey and mean ZTF). A single datalake whose files tell
    /// another survey is still handed out for it: the plan then names both surveys.
    /// </summary>
    /// <exception cref="XmatchRequestException">The survey is not served here, or several are, none of them ZTF, and none was asked.</exception>
    /// <exception cref="InvalidOperationException">No datalake is configured.</exception>
    public (Survey Survey, string Root) Choose(Survey? asked)
    {
        if (IsEmpty) throw new InvalidOperationException("no datalake is configured");
        var all = All;
        if (asked is null)
        {
            if (all.Count == 1) return all[0];
            foreach (var entry in all)
                if (entry.Survey == Survey.Ztf) return entry;
            throw new XmatchRequestException(
                $"this service serves {Names(all)}: give the survey ({string.Join(" or ", all.Select(a => $"\"{a.Survey.Name}\""))})");
        }
        foreach (var entry in all)
            if (entry.Survey == asked) return entry;
        if (_bySurvey.Count == 0 && _single is not null) return (asked, _single);
        throw new XmatchRequestException($"no {asked.Name.ToUpperInvariant()} datalake is configured here: this service serves {Names(all)}");
    }

    private static string Names(IEnumerable<(Survey Survey, string Root)> all) =>
        string.Join(" and ", all.Select(a => a.Survey.Name.ToUpperInvariant()));

    // Told by the first file of the first night; a datalake with no file yet (the demo being generated) counts as ZTF
    // until it has one, and is asked again then.
    private Survey SingleSurvey()
    {
        if (_singleSurvey is not null) return _singleSurvey;
        var detected = Detect(_single!);
        if (detected is not null) _singleSurvey = detected;
        return detected ?? Survey.Ztf;
    }

    /// <summary>The survey of a datalake's first file, or null when it has none or it holds no alert position.</summary>
    public static Survey? Detect(string root)
    {
        DatalakeLayout layout;
        try
        {
            layout = DatalakeLayout.Open(root);
        }
        catch (DatalakeException)
        {
            return null;
        }
        var first = layout.Shards.SelectMany(s => s.Files).FirstOrDefault();
        if (first is null) return null;
        try
        {
            using var handle = File.OpenHandle(first, FileMode.Open, FileAccess.Read, FileShare.Read);
            return Survey.Of(ParquetFooter.Read(handle));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
