using System.Globalization;
using FinkXmatch.Core.Datalake;
using Parquet;
using Parquet.Schema;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.SkyIndex;

/// <summary>
/// A night's sky index on disk: Parquet (written by the result writer's <see cref="FlatParquetFile"/>), columns
/// <c>cell</c> (int32, HEALPix NESTED at <see cref="Order"/>), <c>ra</c>, <c>dec</c> (double, degrees), <c>file</c>,
/// <c>row_group</c>, <c>row</c> (int32), sorted by cell, in row groups of <see cref="RowsPerGroup"/> rows whose footer
/// statistics hold each group's smallest and largest cell, so that a reader skips every row group outside the cells it
/// needs. The <see cref="NightIndexHeader"/> is in the footer's key-value metadata. Written beside and renamed, so a
/// reader never sees half a file.
/// </summary>
public static class NightIndexFile
{
    /// <summary>
    /// HEALPix order of the stored cells: 13 (nside 8192, cells of about 26″, the finest an int32 holds). Sorted by it,
    /// the rows are also sorted by Fink's nside-128 cell (<see cref="CoarseOrder"/>: the stored cell shifted right by 12
    /// bits), and a cone of a few arcseconds or a small catalog's sources name so few of these cells that most row groups
    /// hold none of their alerts: a reader then decodes only the group's <c>cell</c> chunk, not its positions.
    /// </summary>
    public const int Order = 13;

    /// <summary>HEALPix nside of the stored cells.</summary>
    public const int Nside = 1 << Order;

    /// <summary>The order of Fink's own pixel index and of the occupancy maps (nside 128, cells of about 0.46°).</summary>
    public const int CoarseOrder = 7;

    /// <summary>Rows per row group: small, so that a cone reads few rows beside the ones it needs.</summary>
    public const int RowsPerGroup = 4096;

    /// <summary>Changes when the file's layout does; a file of another version is rebuilt.</summary>
    public const string FormatVersion = "2";

    private const string Prefix = "finkxmatch.skyindex.";

    private static readonly DataField<int> CellField = new("cell");
    private static readonly DataField<double> RaField = new("ra");
    private static readonly DataField<double> DecField = new("dec");
    private static readonly DataField<int> FileField = new("file");
    private static readonly DataField<int> RowGroupField = new("row_group");
    private static readonly DataField<int> RowField = new("row");
    private static readonly DataField[] Fields = [CellField, RaField, DecField, FileField, RowGroupField, RowField];

    /// <summary>Writes <paramref name="rows"/> (sorted by cell) to <paramref name="path"/>; returns the file's size in bytes.</summary>
    public static async Task<long> WriteAsync(string path, NightIndexHeader header, NightIndexColumns rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var part = $"{path}.{Guid.NewGuid():N}.part";
        try
        {
            await using (var stream = new FileStream(part, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false))
            {
                var file = new FlatParquetFile(stream, Fields, Metadata(header), PageCompressor.Compact);
                for (var first = 0; first < rows.Count; first += RowsPerGroup)
                {
                    var count = Math.Min(RowsPerGroup, rows.Count - first);
                    await file.WriteRowGroupAsync(count, (column, chunk) =>
                    {
                        switch (column)
                        {
                            case 0: chunk.Numbers(rows.Cell.AsSpan(first, count).ToArray()); break;
                            case 1: chunk.Numbers(rows.Ra.AsSpan(first, count).ToArray()); break;
                            case 2: chunk.Numbers(rows.Dec.AsSpan(first, count).ToArray()); break;
                            case 3: chunk.Numbers(rows.File.AsSpan(first, count).ToArray()); break;
                            case 4: chunk.Numbers(rows.RowGroup.AsSpan(first, count).ToArray()); break;
                            default: chunk.Numbers(rows.Row.AsSpan(first, count).ToArray()); break;
                        }
                    }, cancellationToken).ConfigureAwait(false);
                }
                await file.FinishAsync(cancellationToken).ConfigureAwait(false);
            }
            File.Move(part, path, overwrite: true);
            return new FileInfo(path).Length;
        }
        catch
        {
            try { File.Delete(part); } catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>The index at <paramref name="path"/>, or null when there is none, it is damaged or of another version.</summary>
    public static async Task<NightIndex?> TryOpenAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            // Everything from one handle, so that the size, time, chunk locations and statistics describe the same file.
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var (bytes, written) = (RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle));
            var chunks = NightIndex.ChunksOf(handle);
            await using var stream = new FileStream(handle, FileAccess.Read, 4096, isAsync: false);
            await using var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (ReadHeader(reader.CustomMetadata) is not { } header) return null;
            var fields = reader.Schema.DataFields;
            if (fields.Length != Fields.Length || !fields.Select(f => f.Name).SequenceEqual(Fields.Select(f => f.Name))) return null;
            var groups = new NightIndex.RowGroup[reader.RowGroupCount];
            for (var g = 0; g < groups.Length; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var statistics = group.GetStatistics(fields[0]);
                // Without statistics a group is read whatever the cells asked for.
                var min = statistics?.MinValue is int lo ? lo : int.MinValue;
                var max = statistics?.MaxValue is int hi ? hi : int.MaxValue;
                groups[g] = new NightIndex.RowGroup(min, max, checked((int)group.RowCount));
            }
            if (groups.Sum(g => (long)g.Rows) != header.Indexed) return null;
            return new NightIndex(path, header, groups, chunks, bytes, written);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException
            or InvalidOperationException or ArgumentException or NotSupportedException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> Metadata(NightIndexHeader header) => new()
    {
        [Prefix + "version"] = FormatVersion,
        [Prefix + "survey"] = header.Survey,
        [Prefix + "night"] = new Night(header.Night).ToString(),
        [Prefix + "stamp"] = header.Stamp,
        [Prefix + "alerts"] = header.Alerts.ToString(CultureInfo.InvariantCulture),
        [Prefix + "indexed"] = header.Indexed.ToString(CultureInfo.InvariantCulture),
        [Prefix + "files"] = string.Join('\n', header.FileNames),
    };

    private static NightIndexHeader? ReadHeader(IReadOnlyDictionary<string, string> metadata)
    {
        string? Get(string key) => metadata.TryGetValue(Prefix + key, out var value) ? value : null;
        if (Get("version") != FormatVersion || Get("survey") is not { } survey || Get("stamp") is not { } stamp
            || !Night.TryParse(Get("night"), out var night)
            || !long.TryParse(Get("alerts"), NumberStyles.None, CultureInfo.InvariantCulture, out var alerts)
            || !long.TryParse(Get("indexed"), NumberStyles.None, CultureInfo.InvariantCulture, out var indexed)
            || Get("files") is not { } files)
            return null;
        return new NightIndexHeader(survey, night, stamp, alerts, indexed, files.Length == 0 ? [] : files.Split('\n'));
    }
}
