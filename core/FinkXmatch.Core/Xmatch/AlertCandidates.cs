using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// The alerts of a job's files that lie in the catalog's cells (<see cref="SkyCellMask.Filter"/>), kept with their
/// place (file, row group, row) and position by the reading of the nights' reach (<see cref="CatalogPruning"/>), so that
/// the scan matches them without reading and decompressing the nights' positions a second time
/// (<see cref="ShardXmatcher"/>): an alert outside those cells is farther than the radius from every source and matches
/// nothing, so matching the candidates alone gives the scan's matches. One night of 250,000 alerts and 75,000 sources at
/// 1.5": ~4 % of the alerts. Each file is added to by one thread at a time; files by several threads at once.
/// </summary>
public sealed class AlertCandidates
{
    /// <summary>
    /// Candidates kept at most (20 bytes each: 40 MiB); beyond, none is kept and the scan reads the positions again, as
    /// it does without candidates.
    /// </summary>
    internal const int MaxCandidates = 1 << 21;

    private readonly Dictionary<string, int> _fileIndex;
    private readonly FileCandidates?[] _files;
    private readonly int _maxCandidates;
    private long _count;

    internal AlertCandidates(SourceCatalog catalog, double radiusArcsec, IReadOnlyList<string> files, int maxCandidates = MaxCandidates)
    {
        Catalog = catalog;
        RadiusArcsec = radiusArcsec;
        _fileIndex = new Dictionary<string, int>(files.Count, StringComparer.Ordinal);
        for (var f = 0; f < files.Count; f++) _fileIndex.TryAdd(files[f], f);
        _files = new FileCandidates?[files.Count];
        _maxCandidates = maxCandidates;
    }

    /// <summary>The catalog whose cells the candidates lie in.</summary>
    public SourceCatalog Catalog { get; }

    public double RadiusArcsec { get; }

    /// <summary>Candidates kept, over every file (more than <see cref="MaxCandidates"/>: none is used).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>False when more alerts than <see cref="MaxCandidates"/> lay in the catalog's cells: then none is used.</summary>
    public bool Complete => Count <= _maxCandidates;

    /// <summary>
    /// Adds the <paramref name="kept"/> rows (ascending) of row group <paramref name="batch"/> of file number
    /// <paramref name="file"/>, whose row groups hold <paramref name="rowGroupRows"/> rows (added in order, from one thread).
    /// </summary>
    internal void Add(int file, IReadOnlyList<int> rowGroupRows, PositionBatch batch, ReadOnlySpan<int> kept)
    {
        if (Interlocked.Add(ref _count, kept.Length) > _maxCandidates) return;
        var candidates = _files[file] ??= new FileCandidates(rowGroupRows);
        candidates.Add(batch.RowGroup, batch.Ra, batch.Dec, kept);
    }

    /// <summary>
    /// The candidates of the file at <paramref name="path"/>, when all its row groups were read with these row counts
    /// (<paramref name="opened"/>, as the scan opened it: a file rewritten since is read again); null otherwise.
    /// </summary>
    internal FileCandidates? For(string path, AlertFile opened) =>
        Complete && _fileIndex.TryGetValue(path, out var f) && _files[f] is { } candidates && candidates.IsOf(opened) ? candidates : null;
}

/// <summary>One file's <see cref="AlertCandidates"/>, by row group, rows ascending.</summary>
internal sealed class FileCandidates
{
    private readonly int[] _rowGroupRows;
    private readonly int[] _starts;                     // row group g's candidates: [_starts[g], _starts[g + 1])
    private int _read;                                  // row groups added
    private int _count;
    private int[] _rows = new int[256];
    private double[] _ra = new double[256];
    private double[] _dec = new double[256];

    internal FileCandidates(IReadOnlyList<int> rowGroupRows)
    {
        _rowGroupRows = [.. rowGroupRows];
        _starts = new int[_rowGroupRows.Length + 1];
    }

    internal int Count => _count;

    internal void Add(int rowGroup, ReadOnlySpan<double> ra, ReadOnlySpan<double> dec, ReadOnlySpan<int> kept)
    {
        if (rowGroup != _read) throw new InvalidOperationException($"row group {rowGroup} added after {_read - 1}");
        if (_rows.Length - _count < kept.Length)
        {
            var size = Math.Max(2 * _rows.Length, _count + kept.Length);
            Array.Resize(ref _rows, size);
            Array.Resize(ref _ra, size);
            Array.Resize(ref _dec, size);
        }
        foreach (var row in kept)
        {
            (_rows[_count], _ra[_count], _dec[_count]) = (row, ra[row], dec[row]);
            _count++;
        }
        _starts[++_read] = _count;
    }

    /// <summary>True when every row group of the file was added, and the file has these row groups.</summary>
    internal bool IsOf(AlertFile opened) => _read == _rowGroupRows.Length && opened.RowGroupRows.SequenceEqual(_rowGroupRows);

    /// <summary>
    /// Adds to <paramref name="matches"/> those of row group <paramref name="rowGroup"/>'s candidates, each with its row
    /// in the row group (as a scan of the whole row group gives them, in the same order).
    /// </summary>
    internal void Match(int rowGroup, CrossMatcher matcher, List<AlertMatch> matches)
    {
        var (first, end) = (_starts[rowGroup], _starts[rowGroup + 1]);
        if (first == end) return;
        var from = matches.Count;
        matcher.Match(_ra.AsSpan(first, end - first), _dec.AsSpan(first, end - first), matches);
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(matches);
        for (var m = from; m < span.Length; m++) span[m] = span[m] with { AlertRow = _rows[first + span[m].AlertRow] };
    }
}
