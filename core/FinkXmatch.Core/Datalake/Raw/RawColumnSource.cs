using FinkXmatch.Core.Os;
using Microsoft.Win32.SafeHandles;
using Parquet;
using Parquet.Schema;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Datalake.Raw;

/// <summary>
/// The direct path to one file's flat columns (<see cref="FlatChunkReader"/> over a positional file handle), used by
/// <see cref="AlertFile"/> for the position scan and by late materialization; each method answers false (or null) when
/// the chunk needs Parquet.Net. Chunks are found in the file's <see cref="ScanPlan"/> when it holds the column, else in
/// its whole <see cref="ParquetFooter"/>, read on first need. Columns are named by path key or by the caller's
/// <see cref="DataField"/> (its path and CLR type); a leaf whose levels differ in this file is declined.
/// Not thread-safe, like the file it belongs to.
/// </summary>
internal sealed class RawColumnSource : IDisposable
{
    // One reader per thread, shared by the files that thread opens, so its buffers are allocated once per scan
    // thread instead of once per file. Safe because every use below is synchronous: a chunk is loaded and consumed
    // without an await in between. Buffers grown past RetainBytes (a requested cutout column) are let go.
    private const long RetainBytes = 32L << 20;
    [ThreadStatic] private static FlatChunkReader? t_reader;
    [ThreadStatic] private static FlatChunkReader? t_partner;   // the second column of TrySelectColumns

    // Fresh buffers' pages mapped at once (FreshPages.Populate): made once per scan thread, then reused.
    private static FlatChunkReader NewReader() => new() { Fresh = FreshPages.Populate };

    private readonly SafeFileHandle _file;
    private readonly ScanPlan? _plan;
    private ParquetFooter? _footer;
    private FlatChunkReader _reader = null!;

    /// <summary>A file whose whole footer is already read.</summary>
    public RawColumnSource(SafeFileHandle file, ParquetFooter footer)
    {
        _file = file;
        _footer = footer;
    }

    /// <summary>A file known by its scan plan: the footer is read only for a column the plan does not hold.</summary>
    public RawColumnSource(SafeFileHandle file, ScanPlan plan)
    {
        _file = file;
        _plan = plan;
    }

    /// <summary>The file's whole footer (read now if the source was opened with a plan only).</summary>
    public ParquetFooter Footer => _footer ??= ParquetFooter.Read(_file);

    /// <summary>Reads the flat DOUBLE column <paramref name="pathKey"/> into one value per row, <paramref name="whenNull"/> for null rows.</summary>
    public bool TryReadDoubles(int rowGroup, string pathKey, Span<double> rows, double whenNull)
    {
        _reader = t_reader ??= NewReader();
        try
        {
            if (Locate(rowGroup, pathKey) is not (var leaf, var chunk)) return false;
            if (!Load(leaf, chunk, Parquet.Meta.Type.DOUBLE, leaf.MaxDefinitionLevel, rows.Length)) return false;
            _reader.CopyToRows(rows, leaf.MaxDefinitionLevel, whenNull);
            return true;
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Reads the flat DOUBLE column <paramref name="pathKey"/> into <paramref name="target"/> (grown when short) when its
    /// chunk is one plain page with no null: the values are then <paramref name="target"/> from <paramref name="start"/>
    /// on, copied no more than decompression copies them. False (and <paramref name="start"/> -1) for any other chunk.
    /// </summary>
    public bool TryReadPlainDoubles(int rowGroup, string pathKey, int rows, ref byte[] target, out int start)
    {
        start = -1;
        _reader = t_reader ??= NewReader();
        try
        {
            if (Locate(rowGroup, pathKey) is not (var leaf, { } chunk) || leaf.MaxRepetitionLevel != 0) return false;
            return _reader.TryLoadPlainPage(_file, chunk, Parquet.Meta.Type.DOUBLE, leaf.MaxDefinitionLevel, rows, ref target, out start);
        }
        catch (Exception e) when (IsMalformed(e))
        {
            start = -1;
            return false;   // the general path reads it again, and Parquet.Net reports it
        }
        finally
        {
            Release();
        }
    }

    // The leaf of a path key in this file and its chunk in the row group: from the plan when it holds it.
    private (FooterLeaf Leaf, ColumnChunkInfo? Chunk)? Locate(int rowGroup, string pathKey)
    {
        if (_plan?.Find(pathKey) is { } planned) return (planned.Leaf, planned.Chunks[rowGroup]);
        var footer = Footer;
        var leaf = footer.LeafIndex(pathKey);
        return leaf < 0 ? null : (footer.Leaves[leaf], footer.Chunk(rowGroup, leaf));
    }

    /// <summary>
    /// The chosen rows of a flat leaf column with their definition levels, values boxed (the record assembler's input),
    /// or null when the chunk needs Parquet.Net.
    /// </summary>
    public LeafSelection? TrySelect(int rowGroup, DataField field, int rowCount, IReadOnlyList<int> rows)
    {
        _reader = t_reader ??= NewReader();
        try
        {
            var definitions = new int[rows.Count];
            if (SelectColumn(rowGroup, field, rowCount, rows, definitions) is not { } column) return null;
            var values = new object?[rows.Count];
            var rowStart = new int[rows.Count + 1];
            for (var i = 0; i < rows.Count; i++)
            {
                values[i] = column is Utf8Column text ? text.Value(i) : ((Array)column).GetValue(i);
                rowStart[i + 1] = i + 1;
            }
            return new LeafSelection { Definitions = definitions, Repetitions = new int[rows.Count], Values = values, RowStart = rowStart };
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// The chosen rows of a flat leaf column as a typed array (<c>double?[]</c>, <c>float?[]</c>, <c>long?[]</c>,
    /// <c>int?[]</c>, <c>byte[]?[]</c>; numbers as <c>double[]</c>, ... when no chosen row is null) or, for text, a <see cref="Utf8Column"/> (a <c>string?[]</c> of nulls where
    /// this file lacks the field), null where the leaf or a struct above it is null: what <see cref="TrySelect"/>
    /// gives, without a boxed value or a string per row. Null when the chunk needs Parquet.Net.
    /// </summary>
    public object? TrySelectColumn(int rowGroup, DataField field, int rowCount, IReadOnlyList<int> rows)
    {
        _reader = t_reader ??= NewReader();
        try
        {
            return SelectColumn(rowGroup, field, rowCount, rows, null);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// <see cref="TrySelectColumn"/> of two fields at once. When both chunks are one Snappy page each (how the alert
    /// files hold their two identifiers), the two pages are decompressed together, at little more than the cost of one
    /// (<see cref="FlatChunkReader.DecompressTogether"/>); the columns are the same as two TrySelectColumn calls give.
    /// </summary>
    public (object? A, object? B) TrySelectColumns(int rowGroup, DataField a, DataField b, int rowCount, IReadOnlyList<int> rows) =>
        TrySelectColumns(new ChosenRows(rowGroup, rowCount, rows), a, new ChosenRows(rowGroup, rowCount, rows), b);

    /// <summary>
    /// The same for field <paramref name="a"/> of rows <paramref name="chosenA"/> and field <paramref name="b"/> of rows
    /// <paramref name="chosenB"/>, which may be of another row group: one field of two row groups is decompressed
    /// together as well (objectId's pages, a chain of two dependent tags per value, then overlap each other, where
    /// beside the alert id's page, a run decoded apart, one was alone).
    /// </summary>
    public (object? A, object? B) TrySelectColumns(ChosenRows chosenA, DataField a, ChosenRows chosenB, DataField b) =>
        TrySelectColumns(this, chosenA, a, this, chosenB, b);

    /// <summary>
    /// The same for field <paramref name="a"/> of rows <paramref name="chosenA"/> of file <paramref name="sourceA"/> and
    /// field <paramref name="b"/> of rows <paramref name="chosenB"/> of file <paramref name="sourceB"/>, which may be
    /// another file: a file's last matched row group, which has no twin in its own file, is then decompressed together
    /// with the next file's first instead of alone.
    /// </summary>
    public static (object? A, object? B) TrySelectColumns(RawColumnSource sourceA, ChosenRows chosenA, DataField a,
        RawColumnSource sourceB, ChosenRows chosenB, DataField b)
    {
        var first = t_reader ??= NewReader();
        var second = t_partner ??= NewReader();
        try
        {
            if (sourceA.FlatChunk(chosenA.RowGroup, a) is { } chunkA && sourceB.FlatChunk(chosenB.RowGroup, b) is { } chunkB)
                FlatChunkReader.DecompressTogether(sourceA._file, first, chunkA, chosenA.RowCount, sourceB._file, second, chunkB, chosenB.RowCount);
            sourceA._reader = first;
            var columnA = sourceA.SelectColumn(chosenA.RowGroup, a, chosenA.RowCount, chosenA.Rows, null);
            sourceB._reader = second;
            return (columnA, sourceB.SelectColumn(chosenB.RowGroup, b, chosenB.RowCount, chosenB.Rows, null));
        }
        catch (Exception e) when (IsMalformed(e))
        {
            return (null, null);   // Parquet.Net reads them again, and reports what is wrong
        }
        finally
        {
            if (second.RetainedBytes > RetainBytes) t_partner = null;
            sourceB._reader = null!;
            sourceA._reader = first;
            sourceA.Release();
        }
    }

    // The chunk of a flat field in a row group, if this file has one.
    private ColumnChunkInfo? FlatChunk(int rowGroup, DataField field) =>
        field.MaxRepetitionLevel == 0 && Locate(rowGroup, ParquetFooter.PathKey(field.Path.ToList())) is ({ MaxRepetitionLevel: 0 }, { } chunk) ? chunk : null;

    // The typed selection both public readers start from; the rows' definition levels too when asked for (then in the
    // field's own levels, which the record assembler reads them against). Only the pages holding the rows are decoded.
    private object? SelectColumn(int rowGroup, DataField field, int rowCount, IReadOnlyList<int> rows, int[]? definitions)
    {
        var t = field.ClrType;
        if (field.MaxRepetitionLevel != 0 || PhysicalType(t) is not { } physical) return null;
        // A field of the job's schema that this file's generation lacks: null in every row.
        if (Locate(rowGroup, ParquetFooter.PathKey(field.Path.ToList())) is not (var leaf, var chunk))
            return definitions is null ? NullColumn(t, rows.Count) : null;
        // This file's own levels: a generation may declare a column or its struct required where another has it optional.
        var maxDefinition = leaf.MaxDefinitionLevel;
        if ((definitions is not null && maxDefinition != field.MaxDefinitionLevel) || !Select(leaf, chunk, physical, maxDefinition, rowCount, rows))
            return null;
        var defs = _reader.ChosenDefinitions;
        if (definitions is not null) defs.CopyTo(definitions);
        return t == typeof(double) ? Numbers<double>(defs, maxDefinition) :
            t == typeof(float) ? Numbers<float>(defs, maxDefinition) :
            t == typeof(long) ? Numbers<long>(defs, maxDefinition) :
            t == typeof(int) ? Numbers<int>(defs, maxDefinition) :
            t == typeof(ReadOnlyMemory<char>) ? Texts(defs, maxDefinition) :
            t == typeof(ReadOnlyMemory<byte>) ? References(defs, maxDefinition, k => _reader.ChosenBytes(k).ToArray()) :
            null;
    }

    // T[] when every chosen row holds a value (an alert id: half the bytes of T?[], and a row group's column then stays
    // below the large-object heap, whose fresh pages cost a fault each), else T?[].
    private Array Numbers<T>(ReadOnlySpan<int> defs, int defined) where T : unmanaged
    {
        var values = _reader.ChosenValues<T>();
        if (!defs.ContainsAnyExcept(defined)) return values.ToArray();
        var column = new T?[defs.Length];
        for (var i = 0; i < column.Length; i++)
            if (defs[i] == defined) column[i] = values[i];
        return column;
    }

    // The chosen values' bytes copied out of the page (reused by the next chunk) in one pass, as PLAIN encodes them:
    // the result writer then copies a run of them as one block.
    private Utf8Column Texts(ReadOnlySpan<int> defs, int defined)
    {
        // Values of one length, none null: each row's place is its index times the stride, no start or length made.
        if (_reader.TryChosenPlainOneLength(defined, out var sameLength, out var length)) return Utf8Column.OfPlainOneLength(sameLength, defs.Length, length);
        var starts = new int[defs.Length];
        var lengths = new int[defs.Length];
        return Utf8Column.OfPlain(_reader.ChosenPlain(defined, starts, lengths), starts, lengths);
    }

    private static T?[] References<T>(ReadOnlySpan<int> defs, int defined, Func<int, T> value) where T : class
    {
        var column = new T?[defs.Length];
        for (var i = 0; i < defs.Length; i++)
            if (defs[i] == defined) column[i] = value(i);
        return column;
    }

    private void Release()
    {
        if (_reader.RetainedBytes > RetainBytes) t_reader = null;
        _reader = null!;
    }

    private static Array? NullColumn(Type clr, int rows) =>
        clr == typeof(double) ? new double?[rows] :
        clr == typeof(float) ? new float?[rows] :
        clr == typeof(long) ? new long?[rows] :
        clr == typeof(int) ? new int?[rows] :
        clr == typeof(ReadOnlyMemory<char>) ? new string?[rows] :
        clr == typeof(ReadOnlyMemory<byte>) ? new byte[]?[rows] :
        null;

    private bool Load(FooterLeaf leaf, ColumnChunkInfo? stored, Parquet.Meta.Type physical, int maxDefinition, int rows) =>
        Direct(leaf, stored, chunk => _reader.TryLoad(_file, chunk, physical, maxDefinition, rows));

    private bool Select(FooterLeaf leaf, ColumnChunkInfo? stored, Parquet.Meta.Type physical, int maxDefinition, int rows, IReadOnlyList<int> chosen) =>
        Direct(leaf, stored, chunk => _reader.TrySelect(_file, chunk, physical, maxDefinition, rows, chosen));

    private static bool Direct(FooterLeaf leaf, ColumnChunkInfo? stored, Func<ColumnChunkInfo, bool> read)
    {
        if (leaf.MaxRepetitionLevel != 0 || stored is not { } chunk) return false;
        try
        {
            return read(chunk);
        }
        catch (Exception e) when (IsMalformed(e))
        {
            return false;   // a malformed chunk: Parquet.Net reads it again and reports it
        }
    }

    // What reading a malformed chunk throws.
    private static bool IsMalformed(Exception e) =>
        e is IndexOutOfRangeException or ArgumentOutOfRangeException or ArgumentException or InvalidDataException or OverflowException;

    // The CLR types Parquet.Net gives these physical types without a logical conversion (timestamps, decimals,
    // small or unsigned integers come out as other CLR types and stay with Parquet.Net).
    private static Parquet.Meta.Type? PhysicalType(Type clr) =>
        clr == typeof(double) ? Parquet.Meta.Type.DOUBLE :
        clr == typeof(float) ? Parquet.Meta.Type.FLOAT :
        clr == typeof(long) ? Parquet.Meta.Type.INT64 :
        clr == typeof(int) ? Parquet.Meta.Type.INT32 :
        clr == typeof(ReadOnlyMemory<char>) || clr == typeof(ReadOnlyMemory<byte>) ? Parquet.Meta.Type.BYTE_ARRAY :
        null;

    public void Dispose() => _file.Dispose();
}
