using Parquet;
using Parquet.Serialization;

namespace FinkXmatch.Core.Results;

/// <summary>
/// Joins result part files (one per night shard, all with the same columns) into one Parquet file, in the order
/// given, one row group per part row group. An empty list of parts gives no file: the caller knows the schema.
/// </summary>
public static class ResultPartConcatenator
{
    /// <summary>Writes the rows of <paramref name="parts"/> to <paramref name="destination"/> (seekable); returns the row count.</summary>
    public static async Task<long> ConcatenateAsync(IReadOnlyList<string> parts, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("no part to concatenate", nameof(parts));
        long rows = 0;
        var wroteAny = false;
        Parquet.Schema.ParquetSchema? schema = null;
        foreach (var part in parts)
        {
            await using var input = File.OpenRead(part);
            int groups;
            await using (var reader = await ParquetReader.CreateAsync(input, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                groups = reader.RowGroupCount;
                schema ??= reader.Schema;
            }
            for (var g = 0; g < groups; g++)
            {
                input.Position = 0;
                var group = await ParquetSerializer.DeserializeUntypedAsync(input, null, g, cancellationToken).ConfigureAwait(false);
                if (group.Data.Count == 0) continue;
                var options = new ParquetOptions { Append = wroteAny };
                var data = group.Data.Select(d => (IDictionary<string, object?>)Normalize(d)!).ToArray();
                await ParquetSerializer.SerializeUntypedAsync(data, schema, destination, options, null, cancellationToken).ConfigureAwait(false);
                wroteAny = true;
                rows += group.Data.Count;
            }
        }
        if (!wroteAny)
        {
            // No match anywhere: still a valid file with the result's columns.
            await using var empty = await ParquetWriter.CreateAsync(schema!, destination, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    // The untyped reader hands binary values as byte[]; its writer takes only ReadOnlyMemory<byte> (also nested).
    private static object? Normalize(object? value)
    {
        switch (value)
        {
            case byte[] bytes:
                return new ReadOnlyMemory<byte>(bytes);
            case IDictionary<string, object?> record:
                foreach (var key in record.Keys.ToArray()) record[key] = Normalize(record[key]);
                return record;
            case List<byte[]?> binaries:
                return binaries.Select(b => b is null ? (ReadOnlyMemory<byte>?)null : b).ToList();
            case System.Collections.IList list when list.GetType().GetGenericArguments() is [var item] && typeof(IDictionary<string, object?>).IsAssignableFrom(item):
                for (var i = 0; i < list.Count; i++) Normalize(list[i]);
                return list;
            default:
                return value;
        }
    }
}
