using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Core.SkySearch;

/// <summary>
/// Cone searches and region queries through the nights' sky indexes: for each night in the time range, the index rows
/// of the cells the shape reaches (row groups outside them are skipped), the exact test of each position, then the
/// requested fields of the alerts found only, read from the datalake (late materialization), and the time filter on
/// the alerts' own times. Columns: the survey's identifiers, the position, the time, then the requested fields.
/// </summary>
public sealed class SkySearcher(SkyIndexStore indexes, int parallelism = 2)
{
    // Where the time is among the columns (after the two identifiers and the position).
    private const int TimeColumn = 4;

    private readonly record struct Hit(int Night, IndexedAlert Alert, double SeparationArcsec);

    /// <exception cref="SkySearchException">No night in the time range, an unknown column, or more than <paramref name="maxRows"/> alerts found.</exception>
    /// <exception cref="DatalakeException">A datalake file cannot be read, or holds another survey's alerts.</exception>
    public async Task<SkySearchResult> SearchAsync(string datalakeRoot, Survey survey, SkyShape shape, AlertTimeRange? time,
        IReadOnlyList<string>? columns, long maxRows = long.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(shape);
        var nights = Nights(DatalakeLayout.Open(datalakeRoot), time);

        var found = new List<Hit>[nights.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, nights.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (n, token) => found[n] = await SearchNightAsync(survey, nights[n], n, shape, token).ConfigureAwait(false)).ConfigureAwait(false);
        var hits = found.SelectMany(h => h).ToList();
        if (time is null && hits.Count > maxRows) throw new SkySearchTooManyException(shape.ExtentArgument, hits.Count, maxRows);

        var withHits = hits.Select(h => h.Night).Distinct().Order().Select(n => nights[n]).ToArray();
        // The columns are checked against the nights found (the union of their schemas), or the last night when none is.
        var schema = await JobAlertSchema.ReadAsync(withHits.Length > 0 ? withHits : [nights[^1]], cancellationToken).ConfigureAwait(false);
        var (fields, names) = Columns(schema, survey, columns);

        var rows = new List<object?[]>(hits.Count);
        foreach (var group in hits.GroupBy(h => (h.Night, h.Alert.File, h.Alert.RowGroup)).OrderBy(g => g.Key))
        {
            var night = nights[group.Key.Night];
            var inGroup = group.OrderBy(h => h.Alert.Row).ToArray();
            await using var file = await AlertFile.OpenAsync(night.Files[group.Key.File], indexes.Plans, cancellationToken).ConfigureAwait(false);
            var values = await AlertColumns.ReadAsync(file, group.Key.RowGroup, inGroup.Select(h => h.Alert.Row).ToArray(), fields, v => v, cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < inGroup.Length; k++)
            {
                var row = new object?[fields.Count + (shape.HasSeparation ? 1 : 0)];
                for (var f = 0; f < fields.Count; f++) row[f] = Results.AlertColumns.Value(values[f], k);
                if (time is not null && !(row[TimeColumn] is double t && time.Contains(survey.TimeToJdUtc(t)))) continue;
                if (shape.HasSeparation) row[^1] = inGroup[k].SeparationArcsec;
                rows.Add(row);
            }
            if (rows.Count > maxRows) throw new SkySearchTooManyException(shape.ExtentArgument, rows.Count, maxRows);
        }
        // Groups come in night, file, row group and row order; a cone's rows then by separation (a stable sort keeps that order for ties).
        if (shape.HasSeparation) rows = [.. rows.OrderBy(r => (double)r[^1]!)];
        return new SkySearchResult(survey, schema, fields, names, shape.HasSeparation, rows, nights.Count, hits.Count);
    }

    private async Task<List<Hit>> SearchNightAsync(Survey survey, DatalakeShard night, int n, SkyShape shape, CancellationToken cancellationToken)
    {
        var candidates = new List<IndexedAlert>();
        await indexes.ReadAsync(survey, night, shape.Cells, candidates, cancellationToken).ConfigureAwait(false);
        var hits = new List<Hit>();
        foreach (var alert in candidates)
            if (shape.Contains(alert.Ra, alert.Dec, out var separation)) hits.Add(new Hit(n, alert, separation));
        return hits;
    }

    // Every night, or those whose alerts may fall in the time range: a night folder holds the alerts of a night that
    // may start the UTC day before (Rubin observes across UTC midnight), so one day more on each side.
    private static IReadOnlyList<DatalakeShard> Nights(DatalakeLayout layout, AlertTimeRange? time)
    {
        if (layout.Shards.Count == 0)
            throw new SkySearchException("survey", $"the datalake at '{layout.Root}' holds no night (expected year=YYYY/month=MM/day=DD/*.parquet)");
        if (time is null) return layout.Shards;
        var (first, last) = time.Dates;
        var nights = layout.Shards.Where(s => s.Night >= first.AddDays(first == DateOnly.MinValue ? 0 : -1)
            && s.Night <= last.AddDays(last == DateOnly.MaxValue ? 0 : 1)).ToArray();
        if (nights.Length == 0)
            throw new SkySearchException("startdate",
                $"no night between {first:yyyy-MM-dd} and {last:yyyy-MM-dd}: the datalake holds {layout.Shards.Count} nights from {layout.FirstNight:yyyy-MM-dd} to {layout.LastNight:yyyy-MM-dd}");
        return nights;
    }

    // The identifiers, the position and the time, then the requested fields not already there.
    private static (IReadOnlyList<AlertField> Fields, IReadOnlyList<string> Names) Columns(AlertSchema schema, Survey survey, IReadOnlyList<string>? columns)
    {
        var paths = new List<string> { survey.ObjectId.Path, survey.AlertId.Path, survey.RaPath, survey.DecPath, survey.TimePath };
        foreach (var column in columns ?? [])
            if (!paths.Contains(column)) paths.Add(column);
        try
        {
            var fields = schema.Resolve(paths);
            return (fields, ResultLayout.NamesOf(fields));
        }
        catch (Exception e) when (e is DatalakeException or XmatchRequestException)
        {
            throw new SkySearchException("columns", e.Message, e);
        }
    }
}
