using System.Globalization;
using FinkXmatch.Core.ParquetFormat;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// A DOUBLE column (RA and Dec, usually) decoded straight from its pages by <see cref="FlatChunkReader"/> into a
/// reused array, where Parquet.Net builds a <c>double?</c> per row (10 M-source catalog: most of the load time). A chunk
/// the direct reader declines, or whose bytes it cannot decode, is read by Parquet.Net as before, which then reports
/// what is wrong with it.
/// </summary>
internal sealed class DirectDoubleBuffer(DataField field, string name)
    : ParquetColumnBuffer(field, new CatalogColumn(name, CatalogColumnType.Double))
{
    private readonly FlatChunkReader _reader = new();
    private double[] _rows = [];        // the direct path's value per row (NaN where null)
    private double?[] _values = [];     // Parquet.Net's
    private bool _direct;

    /// <summary>Decodes the chunk directly; false (nothing loaded) when the direct reader cannot.</summary>
    public bool TryLoadDirect(Stream stream, in ColumnChunkInfo chunk, int rows)
    {
        _direct = false;
        // Parquet.Net may read the next column from where the stream stands: leave it after this chunk, as Parquet.Net would.
        var start = chunk.DictionaryPageOffset is > 0 and var d && d < chunk.DataPageOffset ? d : chunk.DataPageOffset;
        try
        {
            if (!_reader.TryLoad(stream, chunk, Parquet.Meta.Type.DOUBLE, Field.MaxDefinitionLevel, rows)) return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;   // damaged bytes: Parquet.Net reads the chunk again and says what is wrong
        }
        finally
        {
            stream.Position = start + chunk.TotalCompressedSize;
        }
        _reader.CopyToRows(Rent(ref _rows, rows).AsSpan(0, rows), Field.MaxDefinitionLevel, double.NaN);
        _direct = true;
        return true;
    }

    public override ValueTask LoadAsync(ParquetRowGroupReader rowGroup, int rows)
    {
        _direct = false;
        return rowGroup.ReadAsync(Field, Rent(ref _values, rows).AsMemory(0, rows));
    }

    public override bool IsNull(int row) =>
        _direct ? !_reader.AllDefined && _reader.Definitions[row] != Field.MaxDefinitionLevel : !_values[row].HasValue;

    public override string GetText(int row) =>
        TryGetDouble(row, out var value) ? value.ToString(null, CultureInfo.InvariantCulture) : "";

    public override bool TryGetDouble(int row, out double value)
    {
        if (IsNull(row))
        {
            value = 0;
            return false;
        }
        value = _direct ? _rows[row] : _values[row]!.Value;
        return true;
    }

    public override void Release()
    {
        Return(ref _rows);
        Return(ref _values);
    }
}
