using ParquetSharp;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>A result row of a run with fields candidate.magpsf and candidate.jd, as a standard reader sees it.</summary>
internal sealed record ResultRow(string ObjectId, long Candid, float? Magpsf, double? Jd, double SeparationArcsec, string SourceId);

/// <summary>Reads a result file with Apache Parquet C++ (ParquetSharp), not with the Parquet.Net that wrote it.</summary>
internal static class ResultRows
{
    public static readonly string[] ExpectedColumns = ["objectId", "candid", "magpsf", "jd", "separation_arcsec"];

    public static (IReadOnlyList<string> Columns, IReadOnlyList<ResultRow> Rows) Read(string path, string idColumn)
    {
        using var file = new ParquetFileReader(path);
        var schema = file.FileMetaData.Schema;
        var names = Enumerable.Range(0, schema.NumColumns).Select(i => schema.Column(i).Path.ToDotString()).ToArray();
        var rows = new List<ResultRow>();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var n = checked((int)group.MetaData.NumRows);
            var objectId = Read<string?>(group, Array.IndexOf(names, "objectId"), n);
            var candid = Read<long?>(group, Array.IndexOf(names, "candid"), n);
            var magpsf = Read<float?>(group, Array.IndexOf(names, "magpsf"), n);
            var jd = Read<double?>(group, Array.IndexOf(names, "jd"), n);
            var separation = Read<double>(group, Array.IndexOf(names, "separation_arcsec"), n);
            var id = Read<string>(group, Array.IndexOf(names, idColumn), n);
            for (var r = 0; r < n; r++)
                rows.Add(new ResultRow(objectId[r]!, candid[r]!.Value, magpsf[r], jd[r], separation[r], id[r]));
        }
        return (names, rows);
    }

    private static T[] Read<T>(RowGroupReader group, int column, int rows)
    {
        if (column < 0) throw new InvalidOperationException("a result column is missing");
        using var reader = group.Column(column).LogicalReader<T>();
        return reader.ReadAll(rows);
    }
}
