using System.Text;
using Microsoft.Win32.SafeHandles;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Datalake.Raw;

/// <summary>
/// The direct path to one file's flat columns (<see cref="FlatChunkReader"/> over a positional file handle and the
/// file's <see cref="ParquetFooter"/>), used by <see cref="AlertFile"/> for the position scan and by late
/// materialization; each method answers false (or null) when the chunk needs Parquet.Net. Columns are named by the
/// caller's <see cref="DataField"/> (its path and CLR type); a leaf whose levels differ in this file is declined.
/// Not thread-safe, like the file it belongs to.
/// </summary>
internal sealed class RawColumnSource(SafeFileHandle file, ParquetFooter footer) : IDisposable
{
    // One reader per thread, shared by the files that thread opens, so its buffers are allocated once per scan
    // thread instead of once per file. Safe because every use below is synchronous: a chunk is loaded and consumed
    // without an await in between. Buffers grown past RetainBytes (a requested cutout column) are let go.
    private const long RetainBytes = 32L << 20;
    [ThreadStatic] private static FlatChunkReader? t_reader;

    private FlatChunkReader _reader = null!;

    /// <summary>Reads a flat column of doubles into one value per row, <paramref name="whenNull"/> for null rows.</summary>
    public ParquetFooter Footer => footer;

    /// <summary>Reads leaf <paramref name="leaf"/> (a flat DOUBLE column) into one value per row, <paramref name="whenNull"/> for null rows.</summary>
    public bool TryReadDoubles(int rowGroup, int leaf, Span<double> rows, double whenNull)
    {
        _reader = t_reader ??= new FlatChunkReader();
        try
        {
            var maxDefinition = footer.Leaves[leaf].MaxDefinitionLevel;
            if (!Load(rowGroup, leaf, Parquet.Meta.Type.DOUBLE, maxDefinition, rows.Length)) return false;
            _reader.CopyToRows(rows, maxDefinition, whenNull);
            return true;
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// The chosen rows of a flat leaf column with their definition levels, values boxed (the record assembler's input),
    /// or null when the chunk needs Parquet.Net.
    /// </summary>
    public LeafSelection? TrySelect(int rowGroup, DataField field, int rowCount, IReadOnlyList<int> rows)
    {
        _reader = t_reader ??= new FlatChunkReader();
        try
        {
            var definitions = new int[rows.Count];
            if (SelectColumn(rowGroup, field, rowCount, rows, definitions) is not { } column) return null;
            var values = new object?[rows.Count];
            var rowStart = new int[rows.Count + 1];
            for (var i = 0; i < rows.Count; i++)
            {
                values[i] = column.GetValue(i);
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
    /// <c>int?[]</c>, <c>string?[]</c>, <c>byte[]?[]</c>), null where the leaf or a struct above it is null: what
    /// <see cref="TrySelect"/> gives, without a boxed value per row. Null when the chunk needs Parquet.Net.
    /// </summary>
    public Array? TrySelectColumn(int rowGroup, DataField field, int rowCount, IReadOnlyList<int> rows)
    {
        _reader = t_reader ??= new FlatChunkReader();
        try
        {
            return SelectColumn(rowGroup, field, rowCount, rows, null);
        }
        finally
        {
            Release();
        }
    }

    // The typed selection both public readers start from; the rows' definition levels too when asked for (then in the
    // field's own levels, which the record assembler reads them against).
    private Array? SelectColumn(int rowGroup, DataField field, int rowCount, IReadOnlyList<int> rows, int[]? definitions)
    {
        var t = field.ClrType;
        if (field.MaxRepetitionLevel != 0 || PhysicalType(t) is not { } physical) return null;
        var leaf = footer.LeafIndex(ParquetFooter.PathKey(field.Path.ToList()));
        // A field of the job's schema that this file's generation lacks: null in every row.
        if (leaf < 0) return definitions is null ? NullColumn(t, rows.Count) : null;
        // This file's own levels: a generation may declare a column or its struct required where another has it optional.
        var maxDefinition = footer.Leaves[leaf].MaxDefinitionLevel;
        if ((definitions is not null && maxDefinition != field.MaxDefinitionLevel) || !Load(rowGroup, leaf, physical, maxDefinition, rowCount))
            return null;
        var dense = DenseIndices(maxDefinition, rows, definitions);
        return t == typeof(double) ? Numbers<double>(dense) :
            t == typeof(float) ? Numbers<float>(dense) :
            t == typeof(long) ? Numbers<long>(dense) :
            t == typeof(int) ? Numbers<int>(dense) :
            t == typeof(ReadOnlyMemory<char>) ? References(dense, k => Encoding.UTF8.GetString(_reader.Bytes(k))) :
            t == typeof(ReadOnlyMemory<byte>) ? References(dense, k => _reader.Bytes(k).ToArray()) :
            null;
    }

    private T?[] Numbers<T>(int[] dense) where T : unmanaged
    {
        var values = _reader.DenseValues<T>();
        var column = new T?[dense.Length];
        for (var i = 0; i < dense.Length; i++)
            if (dense[i] >= 0) column[i] = values[dense[i]];
        return column;
    }

    private static T?[] References<T>(int[] dense, Func<int, T> value) where T : class
    {
        var column = new T?[dense.Length];
        for (var i = 0; i < dense.Length; i++)
            if (dense[i] >= 0) column[i] = value(dense[i]);
        return column;
    }

    /// <summary>
    /// For each chosen row, the index of its value among the chunk's defined values, or -1 when it is null; the rows'
    /// definition levels into <paramref name="definitions"/> when given. The dense index of a row is the number of
    /// defined rows before it; rows are ascending, so one running count serves them all.
    /// </summary>
    private int[] DenseIndices(int defined, IReadOnlyList<int> rows, int[]? definitions)
    {
        var defs = _reader.Definitions;
        var dense = new int[rows.Count];
        var before = 0;
        var scanned = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (_reader.AllDefined) before = row;
            else
                for (; scanned < row; scanned++)
                    if (defs[scanned] == defined) before++;
            var def = defs[row];
            if (definitions is not null) definitions[i] = def;
            dense[i] = def == defined ? before : -1;
        }
        return dense;
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

    private bool Load(int rowGroup, int leaf, Parquet.Meta.Type physical, int maxDefinition, int rows)
    {
        if (footer.Leaves[leaf].MaxRepetitionLevel != 0 || footer.Chunk(rowGroup, leaf) is not { } chunk) return false;
        try
        {
            return _reader.TryLoad(file, chunk, physical, maxDefinition, rows);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or ArgumentException or InvalidDataException or OverflowException)
        {
            return false;   // a malformed chunk: Parquet.Net reads it again and reports it
        }
    }

    // The CLR types Parquet.Net gives these physical types without a logical conversion (timestamps, decimals,
    // small or unsigned integers come out as other CLR types and stay with Parquet.Net).
    private static Parquet.Meta.Type? PhysicalType(Type clr) =>
        clr == typeof(double) ? Parquet.Meta.Type.DOUBLE :
        clr == typeof(float) ? Parquet.Meta.Type.FLOAT :
        clr == typeof(long) ? Parquet.Meta.Type.INT64 :
        clr == typeof(int) ? Parquet.Meta.Type.INT32 :
        clr == typeof(ReadOnlyMemory<char>) || clr == typeof(ReadOnlyMemory<byte>) ? Parquet.Meta.Type.BYTE_ARRAY :
        null;

    public void Dispose() => file.Dispose();
}
