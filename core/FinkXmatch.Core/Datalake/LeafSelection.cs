using System.Buffers;
using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Datalake;

/// <summary>
/// One leaf column of a row group, cut down to the chosen rows: their definition/repetition levels and values
/// (null where not defined), with <see cref="RowStart"/> giving each chosen row's entries.
/// </summary>
internal sealed class LeafSelection
{
    public required int[] Definitions { get; init; }
    public required int[] Repetitions { get; init; }
    public required object?[] Values { get; init; }

    /// <summary>Entries of chosen row i are [RowStart[i], RowStart[i + 1]).</summary>
    public required int[] RowStart { get; init; }

    public static ValueTask<LeafSelection> ReadAsync(ParquetRowGroupReader group, DataField field, int rowCount,
        IReadOnlyList<int> rows, CancellationToken cancellationToken)
    {
        var t = field.ClrType;
        if (t == typeof(double)) return ReadAsync<double>(group, field, rowCount, rows, static v => v, cancellationToken);
        if (t == typeof(float)) return ReadAsync<float>(group, field, rowCount, rows, static v => v, cancellationToken);
        if (t == typeof(long)) return ReadAsync<long>(group, field, rowCount, rows, static v => v, cancellationToken);
        if (t == typeof(int)) return ReadAsync<int>(group, field, rowCount, rows, static v => v, cancellationToken);
        if (t == typeof(short)) return ReadAsync<short>(group, field, rowCount, rows, static v => (int)v, cancellationToken);
        if (t == typeof(ushort)) return ReadAsync<ushort>(group, field, rowCount, rows, static v => (int)v, cancellationToken);
        if (t == typeof(sbyte)) return ReadAsync<sbyte>(group, field, rowCount, rows, static v => (int)v, cancellationToken);
        if (t == typeof(byte)) return ReadAsync<byte>(group, field, rowCount, rows, static v => (int)v, cancellationToken);
        if (t == typeof(bool)) return ReadAsync<bool>(group, field, rowCount, rows, static v => v, cancellationToken);
        if (t == typeof(DateTime)) return ReadAsync<DateTime>(group, field, rowCount, rows, static v => v, cancellationToken);
        if (t == typeof(ReadOnlyMemory<char>))
            return ReadAsync<ReadOnlyMemory<char>>(group, field, rowCount, rows, static v => new string(v.Span), cancellationToken);
        if (t == typeof(ReadOnlyMemory<byte>))
            return ReadAsync<ReadOnlyMemory<byte>>(group, field, rowCount, rows, static v => v.ToArray(), cancellationToken);
        throw new DatalakeException($"alert column '{field.Path}' has unsupported type {t.Name}");
    }

    private static async ValueTask<LeafSelection> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int rowCount,
        IReadOnlyList<int> rows, Func<T, object> box, CancellationToken cancellationToken) where T : struct
    {
        // Number of level entries of the column chunk (rows for flat columns, more for lists).
        var entries = checked((int)(group.GetMetadata(field)?.MetaData?.NumValues ?? rowCount));
        // Whole column chunks are read to keep a few rows: pooled buffers keep these large arrays off the
        // large-object heap (a fresh 46k-row chunk costs zeroing, page faults and gen-2 collections).
        var values = ArrayPool<T>.Shared.Rent(entries);
        var definitions = field.MaxDefinitionLevel > 0 ? ArrayPool<int>.Shared.Rent(entries) : null;
        var repetitions = field.MaxRepetitionLevel > 0 ? ArrayPool<int>.Shared.Rent(entries) : null;
        try
        {
            await group.ReadRawAsync<T>(field, values.AsMemory(0, entries), definitions?.AsMemory(0, entries),
                repetitions?.AsMemory(0, entries), cancellationToken).ConfigureAwait(false);
            // Strings and bytes may point into reader buffers: copy the chosen ones now, before anything else is read.
            return Select(values, definitions, repetitions, field.MaxDefinitionLevel, entries, rows, box);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(values, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            if (definitions is not null) ArrayPool<int>.Shared.Return(definitions);
            if (repetitions is not null) ArrayPool<int>.Shared.Return(repetitions);
        }
    }

    private static LeafSelection Select<T>(T[] values, int[]? definitions, int[]? repetitions, int defined, int entries,
        IReadOnlyList<int> rows, Func<T, object> box)
    {
        var rowStart = new int[rows.Count + 1];
        var chosenDefs = new List<int>(rows.Count);
        var chosenReps = new List<int>(rows.Count);
        var chosenValues = new List<object?>(rows.Count);
        var next = 0;        // next chosen row (rows are validated ascending and in range)
        var row = -1;        // row of the current entry
        var dense = 0;       // index of the next non-null value
        for (var e = 0; e < entries && next < rows.Count; e++)
        {
            var rep = repetitions?[e] ?? 0;
            if (rep == 0)
            {
                row++;
                if (row == rows[next]) rowStart[next] = chosenDefs.Count;
            }
            var def = definitions?[e] ?? defined;
            var chosen = row == rows[next];
            if (chosen)
            {
                chosenDefs.Add(def);
                chosenReps.Add(rep);
                chosenValues.Add(def == defined ? box(values[dense]) : null);
            }
            if (def == defined) dense++;
            if (chosen && IsLastEntryOfRow(repetitions, e, entries)) rowStart[++next] = chosenDefs.Count;
        }
        if (next != rows.Count) throw new ArgumentOutOfRangeException(nameof(rows), "a chosen row is beyond the row group");
        return new LeafSelection
        {
            Definitions = [.. chosenDefs],
            Repetitions = [.. chosenReps],
            Values = [.. chosenValues],
            RowStart = rowStart,
        };
    }

    private static bool IsLastEntryOfRow(int[]? repetitions, int entry, int entries) =>
        repetitions is null || entry + 1 == entries || repetitions[entry + 1] == 0;
}
