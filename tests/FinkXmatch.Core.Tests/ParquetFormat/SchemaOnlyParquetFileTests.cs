using System.Reflection;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.ParquetFormat;
using FinkXmatch.Core.Tests.Datalake;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Tests.ParquetFormat;

public sealed class SchemaOnlyParquetFileTests
{
    public static TheoryData<string> Files => new() { SampleFiles.Part2, SampleFiles.Part3, SampleFiles.Rubin };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task ParquetNetBuildsFromTheSchemaAloneTheModelItBuildsFromTheWholeFile(string file)
    {
        // Reference: Parquet.Net's reader over the whole file (its whole footer).
        ParquetSchema whole;
        await using (var reader = await ParquetReader.CreateAsync(file))
            whole = reader.Schema;
        byte[] schemaBytes;
        using (var handle = File.OpenHandle(file))
            schemaBytes = ParquetSchemaBytes.Read(handle);

        await using var fromImage = await ParquetReader.CreateAsync(new MemoryStream(SchemaOnlyParquetFile.Of(schemaBytes)));
        Assert.Equal(0, fromImage.RowGroupCount);
        Assert.Equal(whole, fromImage.Schema);
        var described = Describe(whole);
        Assert.Contains(described, line => line.Contains("ClrType=System.Double", StringComparison.Ordinal) && line.Contains("MaxDefinitionLevel=", StringComparison.Ordinal));
        Assert.Equal(described, Describe(fromImage.Schema));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnAlertSchemaFromSchemaBytesHasTheFieldsOfTheWholeFilesSchema(string file)
    {
        await using var reader = await ParquetReader.CreateAsync(file);
        var expected = AlertSchema.FromParquet(reader.Schema);

        var read = await AlertSchema.ReadAsync(file);

        Assert.Equal(Describe(expected), Describe(read));
        Assert.Equal(Describe(expected.Parquet), Describe(read.Parquet));
    }

    [Fact]
    public async Task AFileThatIsNotParquetIsADatalakeError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-parquet-{Guid.NewGuid():N}.parquet");
        await File.WriteAllTextAsync(path, "this is not a Parquet file at all");
        try
        {
            var e = await Assert.ThrowsAsync<DatalakeException>(() => AlertSchema.ReadAsync(path));
            Assert.Contains("cannot read the schema of", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string[] Describe(AlertSchema schema) =>
        [.. schema.AllFields.Select(f => $"{f.Path} {f.Kind} {f.TypeName} {f.IsNullable} {f.IsInsideList} {f.Children.Count}")];

    // Every field with its public scalar properties (type, path, nullability, levels, CLR types, formats), depth first.
    private static string[] Describe(ParquetSchema schema) => [.. schema.Fields.SelectMany(f => Describe(f, 0))];

    private static IEnumerable<string> Describe(Field field, int depth)
    {
        var properties = field.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.PropertyType.IsPrimitive || p.PropertyType.IsEnum
                || p.PropertyType == typeof(string) || p.PropertyType == typeof(Type) || p.PropertyType == typeof(FieldPath)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.GetValue(field)}");
        yield return $"{new string(' ', depth)}{field.GetType().Name} {string.Join(" ", properties)}";
        IEnumerable<Field> members = field switch
        {
            StructField s => s.Fields,
            ListField l => [l.Item],
            MapField m => [m.Key, m.Value],
            _ => [],
        };
        foreach (var member in members)
            foreach (var line in Describe(member, depth + 1))
                yield return line;
    }
}
