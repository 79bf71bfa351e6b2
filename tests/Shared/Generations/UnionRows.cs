using System.Collections;
using Parquet;
using Parquet.Serialization;

namespace FinkXmatch.Tests.Generations;

/// <summary>The columns (top level, in file order) and rows of a result Parquet file, as Parquet.Net's untyped reader gives them.</summary>
internal sealed record ResultTable(IReadOnlyList<string> Columns, IReadOnlyList<IDictionary<string, object?>> Rows);

/// <summary>
/// Checks a job over nights of several schema generations against the same job run on each night alone: the job's
/// columns are the union of the nights' columns, its rows are the nights' rows in night order, every value a night
/// has is the same, and every column or struct member a night lacks is null in that night's rows.
/// </summary>
internal static class UnionRows
{
    public static async Task<ResultTable> ReadAsync(string parquetPath)
    {
        await using var input = File.OpenRead(parquetPath);
        IReadOnlyList<string> columns;
        int groups;
        await using (var reader = await ParquetReader.CreateAsync(input, leaveStreamOpen: true))
        {
            columns = reader.Schema.Fields.Select(f => f.Name).ToArray();
            groups = reader.RowGroupCount;
        }
        var rows = new List<IDictionary<string, object?>>();
        for (var g = 0; g < groups; g++)
        {
            input.Position = 0;
            rows.AddRange((await ParquetSerializer.DeserializeUntypedAsync(input, null, g)).Data.Select(d => (IDictionary<string, object?>)d!));
        }
        return new ResultTable(columns, rows);
    }

    /// <summary>Asserts that <paramref name="job"/> is the union of <paramref name="nights"/> (in night order).</summary>
    public static void AssertUnion(ResultTable job, IReadOnlyList<ResultTable> nights)
    {
        var union = nights.SelectMany(n => n.Columns).Distinct().ToHashSet();
        Assert.Equal(union.Order(StringComparer.Ordinal), job.Columns.Order(StringComparer.Ordinal));
        Assert.Equal(["objectId", "candid"], job.Columns.Take(2));
        var expected = nights.SelectMany(n => n.Rows).ToArray();
        Assert.Equal(expected.Length, job.Rows.Count);
        for (var r = 0; r < expected.Length; r++) Same(job.Rows[r], expected[r], $"row {r}");
    }

    private static string MapText(object map) => string.Join("|", ((IEnumerable)map).Cast<object>().Select(e => e.ToString()));

    private static void Same(object? whole, object? part, string path)
    {
        switch (part)
        {
            case IDictionary<string, object?> record:
                var wholeRecord = Assert.IsAssignableFrom<IDictionary<string, object?>>(whole);
                Assert.True(record.Keys.All(wholeRecord.ContainsKey), $"{path}: members {string.Join(", ", record.Keys.Except(wholeRecord.Keys))} lost");
                foreach (var (key, value) in wholeRecord)
                {
                    if (record.TryGetValue(key, out var night)) Same(value, night, $"{path}.{key}");
                    else Assert.True(value is null, $"{path}.{key}: null expected where the night has no such field, got {value}");
                }
                break;
            case byte[] bytes:
                Assert.Equal(bytes, Assert.IsType<byte[]>(whole));
                break;
            case not null when part.GetType().Name.StartsWith("ParquetMap", StringComparison.Ordinal):
                // Parquet.Net's map holds ReadOnlyMemory<char> keys and values, equal by content only through their text.
                Assert.Equal(MapText(part), whole is null ? null : MapText(whole));
                break;
            case IList list:
                var wholeList = Assert.IsAssignableFrom<IList>(whole);
                Assert.True(list.Count == wholeList.Count, $"{path}: {list.Count} items expected, got {wholeList.Count}");
                for (var i = 0; i < list.Count; i++) Same(wholeList[i], list[i], $"{path}[{i}]");
                break;
            default:
                Assert.True(Equals(part, whole), $"{path}: {part ?? "null"} expected, got {whole ?? "null"}");
                break;
        }
    }
}
