using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Parquet.Meta;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>Where one column chunk lies and how it is stored (parquet.thrift <c>ColumnMetaData</c>, the fields a flat read needs).</summary>
internal readonly record struct ColumnChunkInfo(Parquet.Meta.Type Type, CompressionCodec Codec, long NumValues, long TotalCompressedSize,
    long TotalUncompressedSize, long DataPageOffset, long DictionaryPageOffset);

/// <summary>A leaf column of the file's schema: its path (names from the top level down), physical type and levels.</summary>
internal readonly record struct FooterLeaf(string Path, Parquet.Meta.Type Type, int MaxDefinitionLevel, int MaxRepetitionLevel);

/// <summary>
/// A Parquet file's footer read straight from the file: the schema's leaves, rows per row group and each column chunk's
/// location. Parquet.Net's reader builds the whole metadata object graph and schema on open (measured: 0.7-1.2 ms per
/// file of 3 row groups of the 182-column alert schema, ~0.4 ms more per row group); a scan needs only this, so a file
/// opens in a fraction of that, and Parquet.Net is opened only for columns the direct path declines.
/// </summary>
internal sealed class ParquetFooter
{
    private readonly FooterSchema _schema;
    private readonly int[] _slots;                  // per leaf: its place among the kept leaves, -1 when its chunks were skipped
    private readonly int _kept;
    private readonly ColumnChunkInfo?[] _chunks;    // [rowGroup * kept + slot]; null when stored elsewhere or absent

    private ParquetFooter(FooterSchema schema, int[] rowGroupRows, int[] slots, int kept, ColumnChunkInfo?[] chunks, bool foundBySearch = false)
    {
        _schema = schema;
        FoundBySearch = foundBySearch;
        RowGroupRows = rowGroupRows;
        _slots = slots;
        _kept = kept;
        _chunks = chunks;
    }

    public IReadOnlyList<FooterLeaf> Leaves => _schema.Leaves;

    /// <summary>Whether the kept chunks were found by <see cref="FooterChunkSearch"/> rather than by walking the row groups.</summary>
    internal bool FoundBySearch { get; }

    public int[] RowGroupRows { get; }

    /// <summary>The key of a column path: its names joined by NUL (which no real column name holds).</summary>
    public static string PathKey(IEnumerable<string> names) => string.Join('\0', names);

    /// <summary>Index of the leaf with this path key, or -1.</summary>
    public int LeafIndex(string pathKey) => _schema.LeafIndex(pathKey);

    /// <summary>The chunk of leaf <paramref name="leaf"/> in row group <paramref name="rowGroup"/>, or null.</summary>
    /// <exception cref="InvalidOperationException">The footer was read without this leaf's chunks.</exception>
    public ColumnChunkInfo? Chunk(int rowGroup, int leaf) => _slots[leaf] is >= 0 and var slot
        ? _chunks[rowGroup * _kept + slot]
        : throw new InvalidOperationException($"the footer was read without the chunks of column '{Leaves[leaf].Path.Replace('\0', '.')}'");

    /// <summary>
    /// Reads and parses the footer at the end of a Parquet file; with <paramref name="keepChunksOf"/> (path keys), only
    /// those leaves' chunk metadata is kept and the other chunks are skipped unread (the whole schema is still read).
    /// </summary>
    /// <exception cref="InvalidDataException">Not a Parquet file, an encrypted footer, or metadata that does not parse.</exception>
    public static ParquetFooter Read(SafeFileHandle file, IReadOnlySet<string>? keepChunksOf = null)
    {
        // The bytes are only parsed, not kept: pooled, so that the larger footers (LSST's 450 columns, 40-60 kB per row
        // group) are not a fresh large-object-heap array per file opened.
        var (start, length) = ParquetFileLayout.FooterLocation(file);
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            ParquetFileLayout.ReadFooterInto(file, start, bytes.AsSpan(0, length));
            return Parse(bytes.AsSpan(0, length), keepChunksOf, start);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException("the footer's metadata does not parse", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// Parses footer bytes; with <paramref name="keepChunksOf"/>, the kept chunks are searched for
    /// (<see cref="FooterChunkSearch"/>) unless <paramref name="walk"/>, and the footer walked when the search is not certain.
    /// </summary>
    /// <param name="dataEnd">Where the file's data ends: the footer's start in the file.</param>
    internal static ParquetFooter Parse(ReadOnlySpan<byte> bytes, IReadOnlySet<string>? keepChunksOf, long dataEnd, bool walk = false)
    {
        var r = new ThriftCompactReader(bytes);
        FooterSchema? schema = null;
        int[] slots = [];
        var kept = 0;
        int[] rows = [];
        ColumnChunkInfo?[] chunks = [];
        long totalRows = -1;
        short field = 0;
        while (r.NextField(ref field, out var type))
        {
            if (field == ParquetThrift.FileMetaData.Schema && type == ThriftCompactReader.List)
            {
                // Parsed only if no earlier footer held the same (then walked over to find where it ends).
                var start = r.Position;
                schema = FooterSchema.Known(bytes[start..]);
                if (schema is not null) r.SkipBytes(schema.Length);
                else
                {
                    var elements = r.ReadListHeader(out _);
                    for (var i = 0; i < elements; i++) r.SkipStruct();
                    schema = FooterSchema.Add(bytes[start..r.Position], ReadSchema);
                }
                (slots, kept) = schema.SlotsOf(keepChunksOf);
            }
            else if (field == ParquetThrift.FileMetaData.RowGroups && type == ThriftCompactReader.List)
            {
                // The schema comes first: the chunks of every row group go straight into one table.
                if (schema is null) throw new InvalidDataException("the footer's row groups come before its schema");
                rows = new int[r.ReadListHeader(out _)];
                chunks = new ColumnChunkInfo?[rows.Length * kept];
                // Found for certain, the rest of the footer is not needed: key-value metadata, created_by, column orders.
                if (keepChunksOf is not null && !walk && totalRows >= 0
                    && FooterChunkSearch.TryFind(bytes, r.Position, schema.Leaves, slots, kept, rows, chunks, totalRows, dataEnd))
                    return new ParquetFooter(schema, rows, slots, kept, chunks, foundBySearch: true);
                for (var g = 0; g < rows.Length; g++) rows[g] = ReadRowGroup(ref r, slots, chunks.AsSpan(g * kept, kept), g);
            }
            else if (field == ParquetThrift.FileMetaData.NumRows && type == ThriftCompactReader.I64) totalRows = r.ReadI64();
            else r.Skip(type);
        }
        if (schema is null) throw new InvalidDataException("the footer has no schema");
        return new ParquetFooter(schema, rows, slots, kept, chunks);
    }

    // The schema is a depth-first list of elements; groups say how many children follow. Leaves are the column order.
    private static FooterLeaf[] ReadSchema(ref ThriftCompactReader r)
    {
        var count = r.ReadListHeader(out _);
        var leaves = new List<FooterLeaf>();
        // Open groups: names, children still to come, and their levels.
        var names = new List<string>();
        var remaining = new Stack<int>();
        var levels = new Stack<(int Def, int Rep)>();
        levels.Push((0, 0));
        for (var i = 0; i < count; i++)
        {
            var e = ReadSchemaElement(ref r);
            if (i == 0)
            {
                remaining.Push(e.Children);   // the root: its name is not part of column paths
                continue;
            }
            while (remaining.Count > 0 && remaining.Peek() == 0) Close(names, remaining, levels);
            if (remaining.Count == 0) throw new InvalidDataException("schema elements beyond the root's children");
            remaining.Push(remaining.Pop() - 1);
            var (def, rep) = levels.Peek();
            if (e.Repetition != ParquetThrift.Repetition.Required) def++;
            if (e.Repetition == ParquetThrift.Repetition.Repeated) rep++;
            names.Add(e.Name);
            if (e.Children > 0)
            {
                remaining.Push(e.Children);
                levels.Push((def, rep));
                continue;
            }
            leaves.Add(new FooterLeaf(PathKey(names), e.Type, def, rep));
            names.RemoveAt(names.Count - 1);
        }
        return [.. leaves];

        static void Close(List<string> names, Stack<int> remaining, Stack<(int, int)> levels)
        {
            remaining.Pop();
            levels.Pop();
            if (names.Count > 0) names.RemoveAt(names.Count - 1);
        }
    }

    private static (string Name, Parquet.Meta.Type Type, int Repetition, int Children) ReadSchemaElement(ref ThriftCompactReader r)
    {
        string name = "";
        var type = (Parquet.Meta.Type)(-1);
        int repetition = ParquetThrift.Repetition.Required, children = 0;
        short field = 0;
        while (r.NextField(ref field, out var t))
        {
            switch (field)
            {
                case ParquetThrift.SchemaElement.Type: type = (Parquet.Meta.Type)r.ReadI32(); break;
                case ParquetThrift.SchemaElement.RepetitionType: repetition = r.ReadI32(); break;
                case ParquetThrift.SchemaElement.Name: name = System.Text.Encoding.UTF8.GetString(r.ReadBinary()); break;
                case ParquetThrift.SchemaElement.NumChildren: children = r.ReadI32(); break;
                default: r.Skip(t); break;
            }
        }
        if (children < 0) throw new InvalidDataException($"schema element '{name}' has {children} children");
        return (name, type, repetition, children);
    }

    // The chunks of the kept leaves go to their slots; the others are skipped without being decoded.
    private static int ReadRowGroup(ref ThriftCompactReader r, int[] slots, Span<ColumnChunkInfo?> chunks, int index)
    {
        long rows = 0;
        var count = 0;
        short field = 0;
        while (r.NextField(ref field, out var type))
        {
            if (field == ParquetThrift.RowGroup.Columns && type == ThriftCompactReader.List)
            {
                count = r.ReadListHeader(out _);
                if (count != slots.Length)
                    throw new InvalidDataException($"row group {index} has {count} column chunks for {slots.Length} leaf columns");
                for (var c = 0; c < count; c++)
                    if (slots[c] >= 0) chunks[slots[c]] = ReadColumnChunk(ref r);
                    else r.SkipStruct();
            }
            else if (field == ParquetThrift.RowGroup.NumRows) rows = r.ReadI64();
            else r.Skip(type);
        }
        if (count != slots.Length) throw new InvalidDataException($"row group {index} has {count} column chunks for {slots.Length} leaf columns");
        return checked((int)rows);
    }

    private static ColumnChunkInfo? ReadColumnChunk(ref ThriftCompactReader r)
    {
        ColumnChunkInfo? info = null;
        var elsewhere = false;
        short field = 0;
        while (r.NextField(ref field, out var type))
        {
            if (field == ParquetThrift.ColumnChunk.FilePath) elsewhere = r.ReadBinary().Length > 0;   // file_path: the chunk lives in another file
            else if (field == ParquetThrift.ColumnChunk.MetaData) info = ReadColumnMetaData(ref r);
            else r.Skip(type);
        }
        return elsewhere ? null : info;
    }

    /// <summary>Reads a ColumnMetaData struct (its fields, up to its STOP).</summary>
    internal static ColumnChunkInfo ReadColumnMetaData(ref ThriftCompactReader r)
    {
        var type = (Parquet.Meta.Type)(-1);
        var codec = (CompressionCodec)(-1);
        long values = 0, compressed = 0, uncompressed = 0, data = 0, dictionary = 0;
        short field = 0;
        while (r.NextField(ref field, out var t))
        {
            switch (field)
            {
                case ParquetThrift.ColumnMetaData.Type: type = (Parquet.Meta.Type)r.ReadI32(); break;
                case ParquetThrift.ColumnMetaData.Codec: codec = (CompressionCodec)r.ReadI32(); break;
                case ParquetThrift.ColumnMetaData.NumValues: values = r.ReadI64(); break;
                case ParquetThrift.ColumnMetaData.TotalUncompressedSize: uncompressed = r.ReadI64(); break;
                case ParquetThrift.ColumnMetaData.TotalCompressedSize: compressed = r.ReadI64(); break;
                case ParquetThrift.ColumnMetaData.DataPageOffset: data = r.ReadI64(); break;
                case ParquetThrift.ColumnMetaData.DictionaryPageOffset: dictionary = r.ReadI64(); break;
                default: r.Skip(t); break;
            }
        }
        return new ColumnChunkInfo(type, codec, values, compressed, uncompressed, data, dictionary);
    }
}
