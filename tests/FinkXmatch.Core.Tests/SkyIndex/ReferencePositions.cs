using FinkXmatch.Core.Datalake;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.SkyIndex;

/// <summary>One alert of a night as Apache Parquet C++ (ParquetSharp) reads it: where it is in the night and its position (NaN when null).</summary>
internal readonly record struct ReferencePosition(int File, int RowGroup, int Row, double Ra, double Dec);

/// <summary>
/// Every alert position of a night read with ParquetSharp, independently of the engine's readers: the night's files in
/// name order, every row group, every row.
/// </summary>
internal static class ReferencePositions
{
    public static IReadOnlyList<ReferencePosition> Read(DatalakeShard night, Survey survey)
    {
        var all = new List<ReferencePosition>();
        for (var f = 0; f < night.Files.Count; f++)
        {
            using var file = new ParquetFileReader(night.Files[f]);
            var schema = file.FileMetaData.Schema;
            var columns = Enumerable.Range(0, schema.NumColumns).ToDictionary(i => schema.Column(i).Path.ToDotString(), i => i);
            for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
            {
                using var group = file.RowGroup(g);
                var rows = checked((int)group.MetaData.NumRows);
                var ra = ReadColumn(group, columns[survey.RaPath], rows);
                var dec = ReadColumn(group, columns[survey.DecPath], rows);
                for (var r = 0; r < rows; r++) all.Add(new ReferencePosition(f, g, r, ra[r] ?? double.NaN, dec[r] ?? double.NaN));
            }
        }
        return all;
    }

    private static double?[] ReadColumn(RowGroupReader group, int column, int rows)
    {
        using var reader = group.Column(column).LogicalReader<double?>();
        return reader.ReadAll(rows);
    }
}
