using System.Diagnostics;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Occupancy;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.Storage;

namespace FinkXmatch.Core.Xmatch;

/// <summary>A night a round of <see cref="NightsAheadPlanner"/> prepared (<see cref="Made"/>) or could not (<see cref="Error"/>): the <see cref="Place"/>-th of <see cref="Count"/>.</summary>
public readonly record struct PlannedNight(Survey Survey, DatalakeShard Night, int Place, int Count, NightPreparation? Made, Exception? Error, TimeSpan Elapsed);

/// <summary>
/// Plans the nights of a service's datalakes ahead of their jobs, so that the first job over a night that has landed
/// finds its files' scan plans, its sky index and its occupancy made, and parses no footer (with Rubin's cutouts, 41
/// footer bytes per alert). A round lists each datalake's nights, passes over those it found prepared before for the
/// same files (remembered by their sizes and times: no file read), checks the others on disk
/// (<see cref="SkyIndexStore.IsPreparedAsync"/>) and prepares those that need it one at a time, newest first (the
/// nights that just landed are the ones jobs ask for). A night whose files cannot be read is told and not tried again
/// until its files change. Not safe for concurrent rounds: one caller.
/// </summary>
public sealed class NightsAheadPlanner(SurveyDatalakes datalakes, SkyIndexStore store)
{
    private readonly Dictionary<(Survey, DateOnly), string> _settled = [];   // the stamp each night was prepared, or found unreadable, for
    private bool _swept;

    /// <summary>
    /// Told after a round that swept the index directory (<see cref="IndexDirectorySweep"/>): the first round, and any
    /// round after a night vanished or its files changed, since files of the past may then be left.
    /// </summary>
    public Action<SweptFiles>? OnSwept { get; init; }

    /// <summary>Prepares every night that needs it; <paramref name="onNight"/> is told of each, after it. Answers how many were prepared.</summary>
    /// <exception cref="OperationCanceledException">Cancelled between or inside nights (what a night had made is kept).</exception>
    public async Task<int> RunRoundAsync(Action<PlannedNight> onNight, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onNight);
        var pending = new List<(Survey Survey, DatalakeShard Night, string Stamp)>();
        var listed = new HashSet<(Survey, DateOnly)>();
        var layouts = new List<(Survey Survey, DatalakeLayout Layout)>();
        var changed = !_swept;
        foreach (var (survey, root) in datalakes.All)
        {
            if (!Directory.Exists(root)) continue;   // the settings' validator told; a datalake not mounted yet is looked at next round
            var layout = DatalakeLayout.Open(root);
            layouts.Add((survey, layout));
            foreach (var night in layout.Shards)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var stamp = NightStamp.Of(night);
                listed.Add((survey, night.Night));
                var known = _settled.TryGetValue((survey, night.Night), out var settled);
                if (known && settled == stamp) continue;
                changed |= known;
                if (await store.IsPreparedAsync(survey, night, cancellationToken).ConfigureAwait(false)) _settled[(survey, night.Night)] = stamp;
                else pending.Add((survey, night, stamp));
            }
        }
        foreach (var vanished in _settled.Keys.Where(k => !listed.Contains(k)).ToList())
        {
            _settled.Remove(vanished);
            changed = true;
        }
        if (changed) Sweep(layouts, cancellationToken);
        pending.Sort((a, b) => b.Night.Night.CompareTo(a.Night.Night));
        var prepared = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            var (survey, night, stamp) = pending[i];
            var clock = Stopwatch.StartNew();
            try
            {
                var made = await store.PrepareAsync(survey, night, cancellationToken).ConfigureAwait(false);
                _settled[(survey, night.Night)] = stamp;
                prepared++;
                onNight(new PlannedNight(survey, night, i + 1, pending.Count, made, null, clock.Elapsed));
            }
            catch (DatalakeException e)
            {
                _settled[(survey, night.Night)] = stamp;   // a damaged or foreign file: its jobs will say so; not read again until it changes
                onNight(new PlannedNight(survey, night, i + 1, pending.Count, null, e, clock.Elapsed));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                onNight(new PlannedNight(survey, night, i + 1, pending.Count, null, e, clock.Elapsed));   // tried again next round
            }
        }
        return prepared;
    }

    private void Sweep(List<(Survey Survey, DatalakeLayout Layout)> layouts, CancellationToken cancellationToken)
    {
        var swept = IndexDirectorySweep.Run(store, layouts.Select(l => (l.Survey, l.Layout.Shards)),
            everyDatalakeListed: layouts.Count == datalakes.All.Count, cancellationToken);
        _swept = true;
        OnSwept?.Invoke(swept);
    }
}
