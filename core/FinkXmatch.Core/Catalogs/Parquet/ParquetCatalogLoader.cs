using System.Numerics;
using System.Runtime.ExceptionServices;
using FinkXmatch.Core.Os;
using FinkXmatch.Core.ParquetFormat;
using Microsoft.Win32.SafeHandles;
using Parquet.Schema;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Loads the RA, Dec and identifier columns of a Parquet catalog straight from their pages (<see cref="FlatChunkReader"/>):
/// the doubles copied into the position arrays, the identifiers' bytes (or integers' text) into the identifier
/// bytes, without a value object per row. Each column chunk of each row group is one piece of work, taken by one
/// thread per core, each writing only its own rows. It applies to DOUBLE positions and string or integer identifiers,
/// in Snappy or no compression, PLAIN or dictionary encoded, and answers null for anything else, and whenever a value
/// would be reported (a null, a position out of range, an empty identifier, bytes that are not UTF-8, more rows than
/// accepted, a chunk it cannot read): <see cref="CatalogLoader"/> then reads the file row by row, which reports it.
/// </summary>
internal static class ParquetCatalogLoader
{
    /// <summary>What the pages hold; <c>Ascending</c> when the identifiers (values, for integers) strictly ascend, so none repeats.</summary>
    public sealed record Loaded(double[] Ra, double[] Dec, CatalogIdentifiers? Ids, bool Ascending);

    public static Loaded? TryLoad(ParquetCatalogReader reader, int raColumn, int decColumn, int idColumn, int maxRows, IProgress<long>? progress)
    {
        if (reader.Row != 0 || reader.FileHandle is not { } file) return null;
        try
        {
            // Loops rather than LINQ here: its generic methods are compiled at run time in every process (not in the ReadyToRun image).
            var keys = new HashSet<string>();
            foreach (var column in (ReadOnlySpan<int>)[raColumn, decColumn, idColumn])
                if (column >= 0) keys.Add(ParquetFooter.PathKey(reader.Field(column).Path.ToList()));
            var footer = ParquetFooter.Read(file, keys);
            long total = 0;
            foreach (var rows in footer.RowGroupRows) total += rows;
            if (total == 0 || total > maxRows) return null;
            if (Leaf(footer, reader.Field(raColumn)) is not { } raLeaf || footer.Leaves[raLeaf].Type != Parquet.Meta.Type.DOUBLE
                || Leaf(footer, reader.Field(decColumn)) is not { } decLeaf || footer.Leaves[decLeaf].Type != Parquet.Meta.Type.DOUBLE)
                return null;
            var idLeaf = -1;
            if (idColumn >= 0)
            {
                var field = reader.Field(idColumn);
                idLeaf = Leaf(footer, field) ?? -1;
                if (idLeaf < 0 || IdKind(field) != footer.Leaves[idLeaf].Type) return null;
            }
            var load = new Pages(file, footer, raLeaf, decLeaf, idLeaf, (int)total, progress);
            return load.Run() ? load.Result() : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            return null;    // a malformed footer or chunk: read again row by row, which reports it
        }
    }

    private static int? Leaf(ParquetFooter footer, DataField field) =>
        footer.LeafIndex(ParquetFooter.PathKey(field.Path.ToList())) is >= 0 and var leaf && footer.Leaves[leaf].MaxRepetitionLevel == 0 ? leaf : null;

    // The physical types whose values this path turns into identifiers as Parquet.Net's would (text, integers' invariant text).
    private static Parquet.Meta.Type? IdKind(DataField field) =>
        field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>) ? Parquet.Meta.Type.BYTE_ARRAY :
        field.ClrType == typeof(long) ? Parquet.Meta.Type.INT64 :
        field.ClrType == typeof(int) ? Parquet.Meta.Type.INT32 :
        null;

    /// <summary>The chunks of one load: (row group, column) pieces handed out to the threads, identifiers first (the longest).</summary>
    private sealed class Pages(SafeFileHandle file, ParquetFooter footer, int raLeaf, int decLeaf, int idLeaf, int total, IProgress<long>? progress)
    {
        private readonly double[] _ra = FreshArray<double>(total);
        private readonly double[] _dec = FreshArray<double>(total);
        private readonly IdentifierPart?[] _ids = new IdentifierPart?[idLeaf < 0 ? 0 : footer.RowGroupRows.Length];
        private readonly int[] _firstRow = FirstRows(footer.RowGroupRows);
        private readonly UniformIdentifiers? _uniform = idLeaf >= 0 && footer.Leaves[idLeaf].Type == Parquet.Meta.Type.BYTE_ARRAY
            ? new UniformIdentifiers(FirstRows(footer.RowGroupRows), footer.RowGroupRows) : null;
        // Integer identifiers held as their values (text made only for result rows), each row group's at its rows' place;
        // whether each group's ascend.
        private readonly long[]? _integers = idLeaf >= 0 && footer.Leaves[idLeaf].Type is Parquet.Meta.Type.INT64 or Parquet.Meta.Type.INT32
            ? FreshArray<long>(total) : null;
        private readonly bool[] _integersAscend = new bool[footer.RowGroupRows.Length];
        private readonly int[] _columnsLeft = ColumnsLeft(footer.RowGroupRows.Length, idLeaf < 0 ? 2 : 3);
        private readonly Lock _progressLock = new();
        private long _rowsDone;
        private int _next = -1;
        private volatile bool _failed;

        // The largest compressed chunk and identifier chunk uncompressed (its pages are decompressed one at a time; the
        // positions' straight into their arrays), for the threads' buffers.
        private readonly long _largestChunk = Largest(footer, [raLeaf, decLeaf, idLeaf], compressed: true);
        private readonly long _largestIdPage = Largest(footer, [idLeaf], compressed: false);

        private int Columns => idLeaf < 0 ? 2 : 3;

        private static long Largest(ParquetFooter footer, ReadOnlySpan<int> leaves, bool compressed)
        {
            long largest = 0;
            foreach (var leaf in leaves)
                for (var g = 0; leaf >= 0 && g < footer.RowGroupRows.Length; g++)
                    if (footer.Chunk(g, leaf) is { } chunk) largest = Math.Max(largest, compressed ? chunk.TotalCompressedSize : chunk.TotalUncompressedSize);
            return largest;
        }

        /// <summary>Reads every piece; false when one cannot be taken this way.</summary>
        public bool Run()
        {
            var pieces = footer.RowGroupRows.Length * Columns;
            var threads = Math.Min(Environment.ProcessorCount, pieces);
            try
            {
                ForkJoin.Run(threads, _ =>
                {
                    // Its chunk and page buffers are fresh memory too (a 1 M-source catalog: ~4,600 faults fewer).
                    // A single row group's identifier page is decompressed into the identifiers' array (UniformIdentifiers.InPlace):
                    // no page buffer for it, unless that fails.
                    var chunks = new FlatChunkReader { NewBuffer = FreshArray<byte>, Writing = FreshPages.Populate, InPlace = _uniform is null ? null : _uniform.InPlace };
                    chunks.Reserve(_largestChunk, _uniform is not null && footer.RowGroupRows.Length == 1 ? 0 : _largestIdPage);
                    for (int piece; !_failed && (piece = Interlocked.Increment(ref _next)) < pieces;)
                    {
                        if (Read(chunks, piece / Columns, piece % Columns)) continue;
                        _failed = true;
                    }
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
            return !_failed;
        }

        public Loaded? Result()
        {
            if (idLeaf < 0) return new Loaded(_ra, _dec, null, Ascending: true);
            if (_integers is { } integers) return new Loaded(_ra, _dec, CatalogIdentifiers.OfIntegers(integers), IntegersAscend(integers));
            if (_uniform is { All: true } uniform) return new Loaded(_ra, _dec, uniform.Identifiers(), uniform.Ascending());
            var parts = new IdentifierPart[_ids.Length];
            for (var g = 0; g < parts.Length; g++) parts[g] = _ids[g] ?? _uniform!.Part(g);
            return IdentifierPart.Join(parts) is { } ids ? new Loaded(_ra, _dec, ids, IdentifierPart.AllAscending(parts)) : null;
        }

        private bool Read(FlatChunkReader chunks, int group, int column)
        {
            var rows = footer.RowGroupRows[group];
            var ok = column switch
            {
                0 when idLeaf >= 0 => Identifiers(chunks, group, rows),
                _ when column == Columns - 2 => Positions(chunks, group, raLeaf, rows, _ra, 0, 360, includeHigh: false),
                _ => Positions(chunks, group, decLeaf, rows, _dec, -90, 90, includeHigh: true),
            };
            if (ok && Interlocked.Decrement(ref _columnsLeft[group]) == 0 && progress is not null)
                lock (_progressLock) progress.Report(_rowsDone += rows);
            return ok;
        }

        private bool Positions(FlatChunkReader chunks, int group, int leaf, int rows, double[] into, double low, double high, bool includeHigh)
        {
            var start = _firstRow[group];
            var target = into.AsSpan(start, rows);
            if (footer.Chunk(group, leaf) is not { } chunk) return false;
            FreshPages.Populate(target);
            // Each part checked as soon as it is read, while it is in the cache.
            if (chunks.TryLoadRequiredInto(file, chunk, footer.Leaves[leaf].Type, footer.Leaves[leaf].MaxDefinitionLevel, target,
                    (first, count) => InRange(into.AsSpan(start + first, count), low, high, includeHigh)))
                return true;
            if (!Load(chunks, group, leaf, rows)) return false;
            chunks.DenseValues<double>().CopyTo(target);
            return InRange(target, low, high, includeHigh);
        }

        private bool Identifiers(FlatChunkReader chunks, int group, int rows)
        {
            if (_uniform is { } uniform && footer.Chunk(group, idLeaf) is { } chunk
                && chunks.TryLoadUniformBytes(file, chunk, footer.Leaves[idLeaf].MaxDefinitionLevel, rows, width => uniform.Target(group, width), out var seen))
                return uniform.Written(group, seen);
            if (!Load(chunks, group, idLeaf, rows)) return false;
            if (_integers is { } integers)
            {
                var into = integers.AsSpan(_firstRow[group], rows);
                FreshPages.Populate(into);
                _integersAscend[group] = footer.Leaves[idLeaf].Type == Parquet.Meta.Type.INT64
                    ? CopyIntegers(chunks.DenseValues<long>(), into) : CopyIntegers(chunks.DenseValues<int>(), into);
                return true;
            }
            _ids[group] = IdentifierPart.OfText(chunks, rows);
            return _ids[group] is not null;
        }

        // The values as longs; true when each is above the one before it.
        private static bool CopyIntegers<T>(ReadOnlySpan<T> values, Span<long> into) where T : unmanaged, IBinaryInteger<T>
        {
            var ascending = true;
            for (var k = 0; k < values.Length; k++)
            {
                into[k] = long.CreateTruncating(values[k]);
                ascending &= k == 0 || values[k] > values[k - 1];
            }
            return ascending;
        }

        // True when every row group's values ascend and each group's first is above the last of the group before it.
        private bool IntegersAscend(long[] integers)
        {
            if (Array.IndexOf(_integersAscend, false) >= 0) return false;
            for (var g = 1; g < _firstRow.Length; g++)
                if (_firstRow[g] > 0 && _firstRow[g] < integers.Length && integers[_firstRow[g]] <= integers[_firstRow[g] - 1]) return false;
            return true;
        }

        private bool Load(FlatChunkReader chunks, int group, int leaf, int rows) =>
            footer.Chunk(group, leaf) is { } chunk
            && chunks.TryLoad(file, chunk, footer.Leaves[leaf].Type, footer.Leaves[leaf].MaxDefinitionLevel, rows)
            && chunks.AllDefined;

        private static int[] ColumnsLeft(int groups, int columns)
        {
            var left = new int[groups];
            for (var g = 0; g < groups; g++) left[g] = columns;
            return left;
        }

        private static int[] FirstRows(int[] groupRows)
        {
            var first = new int[groupRows.Length];
            for (var g = 1; g < first.Length; g++) first[g] = first[g - 1] + groupRows[g - 1];
            return first;
        }
    }

    /// <summary>
    /// An array not yet written, not cleared. On 4 KiB pages, not 2 MiB (<see cref="HugePages.Prefer"/>): on a virtual
    /// machine that hands its free memory back to the host (free page reporting, Firecracker's balloon), a 2 MiB page is
    /// taken from the blocks handed back, and its first write waits for the host to back all of it: 512 MB written took
    /// 0.7-1.5 s on 2 MiB pages after another process's run or a few idle seconds, 0.24-0.41 s on 4 KiB pages
    /// (0.05 s on 2 MiB pages only when a process had just freed them).
    /// </summary>
    internal static T[] FreshArray<T>(int length) where T : unmanaged => GC.AllocateUninitializedArray<T>(length);

    /// <summary>True when every value lies in [low, high) (or [low, high]); NaN lies nowhere.</summary>
    private static bool InRange(ReadOnlySpan<double> values, double low, double high, bool includeHigh)
    {
        var lo = new Vector<double>(low);
        var hi = new Vector<double>(high);
        var k = 0;
        for (; k + Vector<double>.Count <= values.Length; k += Vector<double>.Count)
        {
            var v = new Vector<double>(values[k..]);
            if (!Vector.GreaterThanOrEqualAll(v, lo) || !(includeHigh ? Vector.LessThanOrEqualAll(v, hi) : Vector.LessThanAll(v, hi))) return false;
        }
        for (; k < values.Length; k++)
            if (!(values[k] >= low && (includeHigh ? values[k] <= high : values[k] < high))) return false;
        return true;
    }
}
