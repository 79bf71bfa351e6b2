using System.Numerics;
using FinkXmatch.Core.ParquetFormat;
using Parquet.Schema;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Loads the RA, Dec and identifier columns of a Parquet catalog straight from their pages (<see cref="FlatChunkReader"/>):
/// the doubles copied into the position arrays, the identifiers' bytes (or integers' text) into the identifier
/// bytes, without a value object per row. It applies to DOUBLE positions and string or integer identifiers, in
/// Snappy or no compression, PLAIN or dictionary encoded, and answers null for anything else, and whenever a value
/// would be reported (a null, a position out of range, an empty identifier, bytes that are not UTF-8, more rows than
/// accepted, a chunk it cannot read): <see cref="CatalogLoader"/> then reads the file row by row, which reports it.
/// </summary>
internal static class ParquetCatalogLoader
{
    public static (double[] Ra, double[] Dec, CatalogIdentifiersBuilder? Ids)? TryLoad(ParquetCatalogReader reader, int raColumn, int decColumn,
        int idColumn, int maxRows, IProgress<long>? progress)
    {
        if (reader.Row != 0 || reader.FileHandle is not { } file) return null;
        try
        {
            var keys = new[] { raColumn, decColumn, idColumn }.Where(c => c >= 0).Select(c => ParquetFooter.PathKey(reader.Field(c).Path.ToList())).ToHashSet();
            var footer = ParquetFooter.Read(file, keys);
            var groupRows = footer.RowGroupRows;
            var total = groupRows.Sum(r => (long)r);
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

            var ra = new double[total];
            var dec = new double[total];
            var ids = idColumn < 0 ? null : new CatalogIdentifiersBuilder(maxRows, (int)total);
            var chunks = new FlatChunkReader();
            var first = 0;
            for (var g = 0; g < groupRows.Length; g++)
            {
                var rows = groupRows[g];
                if (!Doubles(chunks, file, footer, g, raLeaf, rows, ra.AsSpan(first, rows)) || !InRange(ra.AsSpan(first, rows), 0, 360, includeHigh: false)
                    || !Doubles(chunks, file, footer, g, decLeaf, rows, dec.AsSpan(first, rows)) || !InRange(dec.AsSpan(first, rows), -90, 90, includeHigh: true)
                    || ids is not null && !Identifiers(chunks, file, footer, g, idLeaf, rows, ids))
                    return null;
                first += rows;
                progress?.Report(first);
            }
            return (ra, dec, ids);
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

    private static bool Load(FlatChunkReader chunks, Microsoft.Win32.SafeHandles.SafeFileHandle file, ParquetFooter footer, int group, int leaf, int rows) =>
        footer.Chunk(group, leaf) is { } chunk
        && chunks.TryLoad(file, chunk, footer.Leaves[leaf].Type, footer.Leaves[leaf].MaxDefinitionLevel, rows)
        && chunks.AllDefined;

    private static bool Doubles(FlatChunkReader chunks, Microsoft.Win32.SafeHandles.SafeFileHandle file, ParquetFooter footer, int group, int leaf, int rows,
        Span<double> into)
    {
        if (!Load(chunks, file, footer, group, leaf, rows)) return false;
        chunks.DenseValues<double>().CopyTo(into);
        return true;
    }

    private static bool Identifiers(FlatChunkReader chunks, Microsoft.Win32.SafeHandles.SafeFileHandle file, ParquetFooter footer, int group, int leaf, int rows,
        CatalogIdentifiersBuilder ids)
    {
        if (!Load(chunks, file, footer, group, leaf, rows)) return false;
        switch (footer.Leaves[leaf].Type)
        {
            case Parquet.Meta.Type.INT64:
                foreach (var v in chunks.DenseValues<long>()) if (!ids.Add(v)) return false;
                return true;
            case Parquet.Meta.Type.INT32:
                foreach (var v in chunks.DenseValues<int>()) if (!ids.Add(v)) return false;
                return true;
            default:
                for (var k = 0; k < rows; k++)
                {
                    var bytes = chunks.Bytes(k);
                    if (IsBlank(bytes) || !System.Text.Unicode.Utf8.IsValid(bytes) || !ids.Add(bytes)) return false;
                }
                return true;
        }
    }

    // As string.IsNullOrWhiteSpace of the decoded text: an ASCII byte that is not white space settles it at once.
    private static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        var nonAscii = false;
        foreach (var b in utf8)
        {
            if (b >= 0x80) nonAscii = true;
            else if (b is not ((>= 0x09 and <= 0x0D) or 0x20)) return false;
        }
        return !nonAscii || string.IsNullOrWhiteSpace(System.Text.Encoding.UTF8.GetString(utf8));
    }

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
