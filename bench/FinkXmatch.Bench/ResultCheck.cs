using System.Globalization;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Bench;

/// <summary>
/// Checks one crossmatch's result rows (objectId, candid, separation, id): on the first night, the matched alerts,
/// their sources and separations must equal <see cref="ReferenceMatcher"/>'s; every planted counterpart must be
/// matched, at a small radius to its own source unless the engine gives another one nearer than the planted offset.
/// </summary>
internal sealed class ResultCheck(BenchDatalake datalake, IReadOnlyList<DatalakeShard> nights, SourceCatalog catalog, ReferenceMatcher reference, double radius)
{
    private readonly DatalakeShard _firstNight = nights[0];
    private readonly Dictionary<long, (string Id, double Sep)> _expected = [];
    private readonly HashSet<long> _nightCandids = [];
    private readonly Dictionary<long, (string Id, double Sep)> _actualNight = [];
    // The planted counterparts in the nights scanned.
    private readonly Dictionary<long, (string Id, double Sep)> _planted = datalake.Planted
        .Where(p => nights.Any(n => n.Night == p.Night)).ToDictionary(p => p.Candid, p => (Id(p.SourceIndex), p.SeparationArcsec));
    private readonly Dictionary<long, (string Id, double Sep)> _actualPlanted = [];
    private long _nightAlerts;

    public async Task PrepareAsync()
    {
        var alerts = new List<(long Candid, double Ra, double Dec)>();
        await new ShardScanner(ScanColumns.Candid).ScanAsync(_firstNight, (_, batch, _) =>
        {
            for (var i = 0; i < batch.Count; i++) alerts.Add((batch.Candid[i], batch.Ra[i], batch.Dec[i]));
            return ValueTask.CompletedTask;
        });
        _nightAlerts = alerts.Count;
        var results = new (int Source, double Sep)[alerts.Count];
        Parallel.For(0, alerts.Count, i => results[i] = reference.Nearest(alerts[i].Ra, alerts[i].Dec, radius));
        for (var i = 0; i < alerts.Count; i++)
        {
            _nightCandids.Add(alerts[i].Candid);
            if (results[i].Source >= 0) _expected[alerts[i].Candid] = (catalog.Ids[results[i].Source], results[i].Sep);
        }
    }

    public void Add(IReadOnlyList<object?[]> rows)
    {
        foreach (var row in rows)
        {
            var candid = Convert.ToInt64(row[1], CultureInfo.InvariantCulture);
            var sep = (double)row[^2]!;
            var id = (string)row[^1]!;
            if (_nightCandids.Contains(candid)) _actualNight[candid] = (id, sep);
            if (_planted.ContainsKey(candid)) _actualPlanted[candid] = (id, sep);
        }
    }

    /// <summary>Forgets the rows added, to check another engine's answer to the same question.</summary>
    public void Reset()
    {
        _actualNight.Clear();
        _actualPlanted.Clear();
    }

    public string Verdict()
    {
        var problems = new List<string>();
        var boundary = 0;
        foreach (var (candid, want) in _expected)
        {
            if (!_actualNight.TryGetValue(candid, out var got))
            {
                if (radius - want.Sep < 1e-9) boundary++;
                else problems.Add($"candid {candid} missing (expected {want.Id} at {want.Sep}\")");
            }
            else if (got.Id != want.Id || Math.Abs(got.Sep - want.Sep) > 1e-6) problems.Add($"candid {candid}: {got} instead of {want}");
        }
        foreach (var (candid, got) in _actualNight)
            if (!_expected.ContainsKey(candid) && !(radius - got.Sep < 1e-9)) problems.Add($"candid {candid} matched {got.Id} at {got.Sep}\" but the reference has none");
        var planted = 0;
        var nearer = 0;
        foreach (var (candid, (id, offset)) in _planted)
        {
            if (!_actualPlanted.TryGetValue(candid, out var got)) problems.Add($"planted candid {candid} ({id}) missing");
            // Another source may lie nearer than the planted offset by chance (10 M sources: ~0.4 of 7,500 within 1").
            else if (radius <= 2 && got.Id != id && got.Sep >= offset) problems.Add($"planted candid {candid} matched {got.Id} at {got.Sep}\", not {id} at {offset}\"");
            else if (got.Id != id) nearer++;
            else planted++;
        }
        if (problems.Count > 0)
        {
            foreach (var p in problems.Take(10)) Console.Error.WriteLine("  CHECK: " + p);
            return $"FAIL ({problems.Count} differences)";
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"ok: {_expected.Count:N0}/{_nightAlerts:N0} night-1 alerts = reference, {planted:N0}/{_planted.Count:N0} planted{(nearer > 0 ? $" (+{nearer} matched a nearer source)" : "")}{(boundary > 0 ? $", {boundary} at the boundary" : "")}");
    }

    private static string Id(int sourceIndex) => string.Create(CultureInfo.InvariantCulture, $"S{sourceIndex:D9}");
}
