using System.Runtime.CompilerServices;
using FinkXmatch.Core.Avro;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace FinkXmatch.Core.Results;

/// <summary>
/// Writes nested result rows (Avro shape, object?[] in the schema's order) as one row group: through Parquet.Net's
/// untyped serializer as before, or, when a column holds a map, through <see cref="RowShredder"/>, since that
/// serializer cannot stripe a map of records. Used for the Parquet results and for `finkxmatch transfer`. The native
/// (ahead-of-time compiled) executable always shreds with <see cref="RowShredder"/>: the serializer compiles
/// expressions over members found by reflection, which native code does not keep.
/// </summary>
internal static class NestedRowGroups
{
    public static async Task WriteAsync(AvroRecordSchema schema, ParquetSchema parquet, IReadOnlyCollection<object?[]> rows,
        Stream destination, bool append, CancellationToken cancellationToken)
    {
        var options = new ParquetOptions { Append = append };
        if (RuntimeFeature.IsDynamicCodeSupported && !HasMap(parquet.Fields))
        {
            var dictionaries = rows.Select(r => ResultRowDictionary.From(schema, r)).ToList();
            await ParquetSerializer.SerializeUntypedAsync(dictionaries, parquet, destination, options, null, cancellationToken).ConfigureAwait(false);
            return;
        }
        await using var writer = await ParquetWriter.CreateAsync(parquet, destination, options, append, cancellationToken).ConfigureAwait(false);
        await RowShredder.WriteRowGroupAsync(writer, parquet, rows, cancellationToken).ConfigureAwait(false);
    }

    private static bool HasMap(IEnumerable<Field> fields) => fields.Any(f => f switch
    {
        MapField => true,
        StructField s => HasMap(s.Fields),
        ListField l => HasMap([l.Item]),
        _ => false,
    });
}
