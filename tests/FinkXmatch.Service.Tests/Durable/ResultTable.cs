using System.Globalization;
using Parquet.Serialization;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// Result rows reduced to text (doubles round-trip exactly), so that rows from the local engine, the results Parquet
/// and the Kafka topic compare value by value whatever CLR type each reader chose.
/// </summary>
internal sealed record ResultTable(string[] Columns, List<string?[]> Rows)
{
    public static ResultTable FromRows(string[] columns, IEnumerable<object?[]> rows) =>
        new(columns, rows.Select(r => r.Select(Text).ToArray()).ToList());

    /// <summary>Every row of the given Parquet files, in file order.</summary>
    public static async Task<ResultTable> FromParquetAsync(IEnumerable<Stream> files)
    {
        string[]? columns = null;
        var rows = new List<string?[]>();
        foreach (var file in files)
        {
            var table = await ParquetSerializer.DeserializeUntypedAsync(file);
            var names = table.Schema.Fields.Select(f => f.Name).ToArray();
            if (columns is null) columns = names;
            else Assert.Equal(columns, names);
            rows.AddRange(table.Data.Select(row => names.Select(n => Text(row[n])).ToArray()));
        }
        return new ResultTable(columns ?? [], rows);
    }

    /// <summary>The rows as one line each, sorted: equal for two tables holding the same multiset of rows.</summary>
    public string[] SortedLines() => Rows.Select(r => string.Join('\t', r.Select(v => v ?? "<null>"))).Order(StringComparer.Ordinal).ToArray();

    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
