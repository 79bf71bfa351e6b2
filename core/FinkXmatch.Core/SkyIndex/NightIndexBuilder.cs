using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Occupancy;
using FinkXmatch.Core.Datalake.Raw;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.SkyIndex;

/// <summary>What building a night's index read: every alert of the night, and how many of them have a position.</summary>
public readonly record struct NightIndexCounts(long Alerts, long Indexed);

/// <summary>
/// Builds a night's sky index: reads the alert positions of every file of the night (positions only, through
/// <see cref="ShardScanner"/>), computes each alert's cell and sorts the rows by cell, keeping the night's file, row group
/// and row order within a cell. An alert without a valid position (null, or Dec outside [-90, 90]) matches nothing and is
/// left out, as the crossmatch and the occupancy leave it out.
/// </summary>
public sealed class NightIndexBuilder
{
    private int[] _cell = new int[1024];
    private double[] _ra = new double[1024];
    private double[] _dec = new double[1024];
    private int[] _file = new int[1024];
    private int[] _rowGroup = new int[1024];
    private int[] _row = new int[1024];
    private int _count;
    private long _alerts;

    /// <summary>Alerts read so far.</summary>
    public long AlertsRead => Interlocked.Read(ref _alerts);

    /// <summary>Reads the night's positions (files opened through <paramref name="plansOnDisk"/> when given), then sorts them by cell.</summary>
    /// <exception cref="DatalakeException">A file cannot be read, or holds another survey's alerts.</exception>
    public async Task<(NightIndexColumns Rows, NightIndexCounts Counts)> BuildAsync(Survey survey, DatalakeShard night,
        CancellationToken cancellationToken = default, ScanPlanStore? plansOnDisk = null)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(night);
        var scanner = new ShardScanner { PlansOnDisk = plansOnDisk };
        for (var f = 0; f < night.Files.Count; f++)
        {
            var fileIndex = f;
            await scanner.ScanFileAsync(night.Files[f], (file, batch, _) =>
            {
                NightOccupancy.CheckSurvey(file, survey);
                Add(fileIndex, batch);
                return ValueTask.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
        }
        return Finish();
    }

    /// <summary>The rows added so far, sorted by cell, and their counts.</summary>
    internal (NightIndexColumns Rows, NightIndexCounts Counts) Finish() => (Sorted(), new NightIndexCounts(AlertsRead, _count));

    /// <summary>Adds the valid positions of one row group of the night's file <paramref name="fileIndex"/>.</summary>
    internal void Add(int fileIndex, PositionBatch batch)
    {
        var ra = batch.Ra;
        var dec = batch.Dec;
        Reserve(_count + ra.Length);
        for (var i = 0; i < ra.Length; i++)
        {
            if (!double.IsFinite(ra[i]) || !(dec[i] >= -90.0 && dec[i] <= 90.0)) continue;
            var k = _count++;
            _cell[k] = (int)Healpix.Ang2PixNest(NightIndexFile.Nside, ra[i], dec[i]);
            _ra[k] = ra[i];
            _dec[k] = dec[i];
            _file[k] = fileIndex;
            _rowGroup[k] = batch.RowGroup;
            _row[k] = i;
        }
        Interlocked.Add(ref _alerts, ra.Length);
    }

    // Sorted by cell; within a cell, in the order read (file, row group, row): a key of cell and arrival.
    private NightIndexColumns Sorted()
    {
        var keys = new long[_count];
        for (var i = 0; i < _count; i++) keys[i] = (long)_cell[i] << 32 | (uint)i;   // cells below 2^30, rows below 2^31
        Array.Sort(keys);
        var cell = new int[_count];
        var ra = new double[_count];
        var dec = new double[_count];
        var file = new int[_count];
        var rowGroup = new int[_count];
        var row = new int[_count];
        for (var k = 0; k < _count; k++)
        {
            var i = (int)(keys[k] & 0xFFFF_FFFF);
            cell[k] = _cell[i];
            ra[k] = _ra[i];
            dec[k] = _dec[i];
            file[k] = _file[i];
            rowGroup[k] = _rowGroup[i];
            row[k] = _row[i];
        }
        return new NightIndexColumns(cell, ra, dec, file, rowGroup, row);
    }

    private void Reserve(int count)
    {
        if (count <= _cell.Length) return;
        var size = Math.Max(count, _cell.Length * 2);
        Array.Resize(ref _cell, size);
        Array.Resize(ref _ra, size);
        Array.Resize(ref _dec, size);
        Array.Resize(ref _file, size);
        Array.Resize(ref _rowGroup, size);
        Array.Resize(ref _row, size);
    }
}
