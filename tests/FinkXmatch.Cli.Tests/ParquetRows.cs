using Parquet.Serialization;

namespace FinkXmatch.Cli.Tests;

/// <summary>A Parquet file's rows as Parquet.Net's high-level reader gives them (null members are left out of the dictionaries).</summary>
internal static class ParquetRows
{
    public static async Task<IList<Dictionary<string, object>>> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return (await ParquetSerializer.DeserializeUntypedAsync(stream)).Data;
    }
}
