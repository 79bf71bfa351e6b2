using Microsoft.Win32.SafeHandles;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Datalake.Raw;

/// <summary>The size and last write time of a file: what tells a cached <see cref="ScanPlan"/> that its file changed.</summary>
internal readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
{
    /// <summary>The stamp of an open file (one <c>fstat</c> each).</summary>
    public static FileStamp Of(SafeFileHandle file) => new(RandomAccess.GetLength(file), File.GetLastWriteTimeUtc(file));
}

/// <summary>A leaf column a scan reads, and its chunk in each row group (null when stored elsewhere).</summary>
internal sealed record PlannedColumn(FooterLeaf Leaf, ColumnChunkInfo?[] Chunks);

/// <summary>
/// What a scan needs of one alert file, and nothing more: its survey, rows per row group, and where the position and
/// identifier columns' chunks are. An LSST footer describes 450 columns per row group (40-60 kB for 1,246 alerts of a
/// file with cutouts); a plan keeps 4 of them, a few hundred bytes per row group, so it can be kept per file
/// (<see cref="ScanPlanCache"/>) and later scans of the file parse no footer. Immutable: shared by concurrent scans.
/// </summary>
internal sealed class ScanPlan
{
    private readonly PlannedColumn[] _columns;

    /// <summary>A plan made of its parts (as read back from disk by <see cref="ScanPlanFile"/>): the survey's columns in <see cref="Columns"/> order.</summary>
    internal ScanPlan(Survey survey, FileStamp stamp, int[] rowGroupRows, PlannedColumn[] columns)
    {
        Survey = survey;
        Stamp = stamp;
        RowGroupRows = rowGroupRows;
        _columns = columns;
    }

    public Survey Survey { get; }

    /// <summary>The file's size and last write time when the plan was read.</summary>
    public FileStamp Stamp { get; }

    public int[] RowGroupRows { get; }

    /// <summary>The planned columns: the survey's RA, Dec, object and alert identifiers, in that order.</summary>
    public IReadOnlyList<PlannedColumn> Columns => _columns;

    /// <summary>The survey's RA column (the first planned one).</summary>
    public PlannedColumn Ra => _columns[0];

    /// <summary>The survey's Dec column.</summary>
    public PlannedColumn Dec => _columns[1];

    /// <summary>The column with this path key, if it is one the plan holds.</summary>
    public PlannedColumn? Find(string pathKey)
    {
        foreach (var c in _columns)
            if (string.Equals(c.Leaf.Path, pathKey, StringComparison.Ordinal)) return c;
        return null;
    }

    /// <summary>Every path key a plan may keep: each survey's positions and identifiers.</summary>
    public static IReadOnlySet<string> PlannedKeys { get; } = Survey.All
        .SelectMany(ColumnKeys).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> ColumnKeys(Survey s) =>
        new[] { s.RaPath, s.DecPath, s.ObjectId.Path, s.AlertId.Path }.Select(Survey.Key);

    /// <summary>
    /// Reads the plan of an open file from its footer, keeping only the planned columns' chunks;
    /// <paramref name="check"/> tells the survey from the footer and checks its columns (it throws when they are not there).
    /// </summary>
    public static ScanPlan Read(SafeFileHandle file, FileStamp stamp, Func<ParquetFooter, Survey> check)
    {
        var footer = ParquetFooter.Read(file, PlannedKeys);
        var survey = check(footer);
        var columns = ColumnKeys(survey).Select(key =>
        {
            var leaf = footer.LeafIndex(key);
            var chunks = new ColumnChunkInfo?[footer.RowGroupRows.Length];
            for (var g = 0; g < chunks.Length; g++) chunks[g] = footer.Chunk(g, leaf);
            return new PlannedColumn(footer.Leaves[leaf], chunks);
        }).ToArray();
        return new ScanPlan(survey, stamp, footer.RowGroupRows, columns);
    }
}
