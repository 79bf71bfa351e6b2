using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Rewrites any catalog as one Parquet file with the same columns, in the same order, under the same names, so that
/// an uploaded catalog is stored once in one format whatever it came in. Values are kept exactly: integers as
/// Int32/Int64 (through their text, since a double would round 64-bit identifiers), floats and doubles natively,
/// and every other column (CSV/TSV text, booleans, bytes, dates) as the text the reader gives, which is what
/// <see cref="ICatalogReader.GetText"/> and <see cref="ICatalogReader.TryGetDouble"/> of the Parquet reader give
/// back. Streams: one row group of <see cref="RowGroupRows"/> rows in memory at a time.
/// </summary>
public static class CatalogParquetWriter
{
    public const int RowGroupRows = 100_000;

    /// <summary>Writes every row of <paramref name="reader"/> (from its current position) to <paramref name="output"/>; returns the rows written.</summary>
    /// <exception cref="CatalogException">What the reader finds in the source file.</exception>
    public static async Task<long> WriteAsync(ICatalogReader reader, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(output);
        var columns = reader.Columns.Select((c, i) => StoredColumn.For(c, i)).ToArray();
        var schema = new ParquetSchema(columns.Select(c => c.Field).ToArray());
        await using var writer = await ParquetWriter.CreateAsync(schema, output,
            new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: cancellationToken).ConfigureAwait(false);
        long total = 0;
        var rows = 0;
        while (true)
        {
            var more = reader.Read();
            if (more)
            {
                foreach (var column in columns) column.Take(reader, rows);
                rows++;
            }
            if (rows == RowGroupRows || (!more && (rows > 0 || total == 0)))
            {
                using var group = writer.CreateRowGroup();
                foreach (var column in columns)
                    await column.WriteAsync(group, rows, cancellationToken).ConfigureAwait(false);
                group.CompleteValidate();
                total += rows;
                rows = 0;
            }
            if (!more) return total;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>One column's values for the row group being filled.</summary>
    private abstract class StoredColumn(DataField field, int index)
    {
        public DataField Field { get; } = field;

        protected int Index { get; } = index;

        public abstract void Take(ICatalogReader reader, int row);

        public abstract Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken cancellationToken);

        public static StoredColumn For(CatalogColumn column, int index) => column.Type switch
        {
            CatalogColumnType.Int32 => new Values<int>(column.Name, index, (r, i) => int.Parse(r.GetText(i), NumberStyles.Integer, CultureInfo.InvariantCulture)),
            CatalogColumnType.Int64 => new Values<long>(column.Name, index, (r, i) => long.Parse(r.GetText(i), NumberStyles.Integer, CultureInfo.InvariantCulture)),
            CatalogColumnType.Float => new Values<float>(column.Name, index, (r, i) => (float)Double(r, i)),
            CatalogColumnType.Double => new Values<double>(column.Name, index, Double),
            _ => new Texts(column.Name, index),
        };

        private static double Double(ICatalogReader reader, int column) => reader.TryGetDouble(column, out var value) ? value : double.NaN;
    }

    private sealed class Values<T>(string name, int index, Func<ICatalogReader, int, T> read)
        : StoredColumn(new DataField<T?>(name), index) where T : struct
    {
        private readonly T?[] _values = new T?[RowGroupRows];

        public override void Take(ICatalogReader reader, int row) =>
            _values[row] = reader.IsNull(Index) ? null : read(reader, Index);

        public override Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken cancellationToken) =>
            group.WriteAsync<T>(Field, _values.AsMemory(0, rows), null, null, cancellationToken);
    }

    private sealed class Texts(string name, int index) : StoredColumn(new DataField<string>(name, true), index)
    {
        private readonly string?[] _values = new string?[RowGroupRows];

        public override void Take(ICatalogReader reader, int row) =>
            _values[row] = reader.IsNull(Index) ? null : reader.GetText(Index);

        public override Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken cancellationToken) =>
            group.WriteAsync(Field, new ArraySegment<string?>(_values, 0, rows)!, null);
    }
}
