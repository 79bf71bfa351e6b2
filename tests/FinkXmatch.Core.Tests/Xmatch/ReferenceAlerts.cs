using ParquetSharp;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>One alert as the reference reads it.</summary>
internal sealed record ReferenceAlert(string ObjectId, long Candid, double Ra, double Dec, float? Magpsf, double? Jd);

/// <summary>
/// Every alert of a datalake read with Apache Parquet C++ (ParquetSharp), independently of the engine's Parquet.Net
/// reads and of its shard listing: all <c>*.parquet</c> files under the root, every row group, every row.
/// </summary>
internal static class ReferenceAlerts
{
    public static IReadOnlyList<ReferenceAlert> ReadAll(string root)
    {
        var alerts = new List<ReferenceAlert>();
        foreach (var path in Directory.EnumerateFiles(root, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            alerts.AddRange(ReadFile(path));
        return alerts;
    }

    private static IEnumerable<ReferenceAlert> ReadFile(string path)
    {
        using var file = new ParquetFileReader(path);
        var schema = file.FileMetaData.Schema;
        var columns = Enumerable.Range(0, schema.NumColumns).ToDictionary(i => schema.Column(i).Path.ToDotString(), i => i);
        var result = new List<ReferenceAlert>();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var rows = checked((int)group.MetaData.NumRows);
            var objectId = Read<string?>(group, columns["objectId"], rows);
            var candid = Read<long?>(group, columns["candid"], rows);
            var ra = Read<double?>(group, columns["candidate.ra"], rows);
            var dec = Read<double?>(group, columns["candidate.dec"], rows);
            var magpsf = Read<float?>(group, columns["candidate.magpsf"], rows);
            var jd = Read<double?>(group, columns["candidate.jd"], rows);
            for (var r = 0; r < rows; r++)
                result.Add(new ReferenceAlert(objectId[r]!, candid[r]!.Value, ra[r] ?? double.NaN, dec[r] ?? double.NaN, magpsf[r], jd[r]));
        }
        return result;
    }

    private static T[] Read<T>(RowGroupReader group, int column, int rows)
    {
        using var reader = group.Column(column).LogicalReader<T>();
        return reader.ReadAll(rows);
    }
}
