using System.Globalization;
using System.Text;
using FinkXmatch.Core.ParquetFormat;
using Parquet.Schema;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The first rows of a Parquet catalog as text, read from the start of the first pages of the first row group
/// (<see cref="FlatChunkReader.TrySelectHead"/>; the whole pages, <see cref="FlatChunkReader.TrySelect"/>, when their
/// start does not tell them): what <see cref="CatalogInspector"/> shows and guesses columns from. Through
/// Parquet.Net the preview decoded every column of the whole first row group (a million rows of a large catalog: half
/// the CPU of a one-night job with 1 M sources). Applies to columns of doubles, floats, 32- and 64-bit integers and
/// text, and answers null for anything else (the caller then reads the rows through Parquet.Net), so the text is
/// always what Parquet.Net's values give.
/// </summary>
internal static class ParquetCatalogPreview
{
    public static List<IReadOnlyList<string>>? TryRead(ParquetCatalogReader reader, int previewRows)
    {
        if (reader.Row != 0 || reader.FileHandle is not { } file || reader.Columns.Count == 0) return null;
        try
        {
            var fields = Enumerable.Range(0, reader.Columns.Count).Select(reader.Field).ToArray();
            if (fields.Any(f => Kind(f) is null)) return null;
            var footer = ParquetFooter.Read(file, fields.Select(f => ParquetFooter.PathKey(f.Path.ToList())).ToHashSet());
            if (footer.RowGroupRows.Length == 0) return [];
            var rows = footer.RowGroupRows[0];
            if (rows < previewRows && footer.RowGroupRows.Length > 1) return null;   // the preview goes on into the next group
            var chosen = Enumerable.Range(0, Math.Min(previewRows, rows)).ToArray();
            var preview = chosen.Select(_ => new string[fields.Length]).ToArray();
            var chunks = new FlatChunkReader();
            for (var c = 0; c < fields.Length; c++)
            {
                var leaf = footer.LeafIndex(ParquetFooter.PathKey(fields[c].Path.ToList()));
                if (leaf < 0 || footer.Leaves[leaf] is not { MaxRepetitionLevel: 0 } meta || meta.Type != Kind(fields[c])
                    || footer.Chunk(0, leaf) is not { } chunk
                    || !(chunks.TrySelectHead(file, chunk, meta.Type, meta.MaxDefinitionLevel, rows, chosen.Length)
                         || chunks.TrySelect(file, chunk, meta.Type, meta.MaxDefinitionLevel, rows, chosen)))
                    return null;
                var defined = chunks.ChosenDefinitions;
                for (var i = 0; i < chosen.Length; i++)
                    preview[i][c] = defined[i] < meta.MaxDefinitionLevel ? "" : Text(chunks, meta.Type, i);
            }
            return [.. preview];
        }
        catch (Exception e) when (e is InvalidDataException or IOException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            return null;    // a malformed footer or chunk: Parquet.Net's reading reports it
        }
    }

    // The physical type of the columns this preview reads, by the value type Parquet.Net gives them; null for others.
    private static Parquet.Meta.Type? Kind(DataField field) =>
        field.ClrType == typeof(double) ? Parquet.Meta.Type.DOUBLE :
        field.ClrType == typeof(float) ? Parquet.Meta.Type.FLOAT :
        field.ClrType == typeof(long) ? Parquet.Meta.Type.INT64 :
        field.ClrType == typeof(int) ? Parquet.Meta.Type.INT32 :
        field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>) ? Parquet.Meta.Type.BYTE_ARRAY :
        null;

    // As ParquetColumnBuffer's GetText of the value Parquet.Net decodes.
    private static string Text(FlatChunkReader chunks, Parquet.Meta.Type type, int i) => type switch
    {
        Parquet.Meta.Type.DOUBLE => chunks.ChosenValue<double>(i).ToString(null, CultureInfo.InvariantCulture),
        Parquet.Meta.Type.FLOAT => chunks.ChosenValue<float>(i).ToString(null, CultureInfo.InvariantCulture),
        Parquet.Meta.Type.INT64 => chunks.ChosenValue<long>(i).ToString(null, CultureInfo.InvariantCulture),
        Parquet.Meta.Type.INT32 => chunks.ChosenValue<int>(i).ToString(null, CultureInfo.InvariantCulture),
        _ => Encoding.UTF8.GetString(chunks.ChosenBytes(i)),   // text (Kind admits no other byte arrays)
    };
}
