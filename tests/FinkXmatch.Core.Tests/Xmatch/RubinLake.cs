using FinkXmatch.Core.Catalogs;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>One real Rubin alert as Apache Parquet C++ (ParquetSharp) reads it, independently of the engine's readers.</summary>
internal sealed record RubinAlert(long DiaSourceId, long? DiaObjectId, double Ra, double Dec, float? PsfFlux, string? Band, double? MidpointMjdTai);

/// <summary>
/// The 27 real Fink-processed Rubin alerts of tests/data/lsst (schema v10.0) as one LSST datalake night, 2026-01-01,
/// and a catalog of sources at known offsets around each alert.
/// </summary>
internal static class RubinLake
{
    public const string Night = "2026-01-01";
    public static readonly double[] OffsetsArcsec = [0.3, 1.2, 4.0, 25.0, 900.0];

    private static string File => TestData.Path("lsst/rubin_test_data_10_0.parquet");

    /// <summary>Lays the night out under <paramref name="root"/>.</summary>
    public static void LayOut(string root)
    {
        var night = Path.Combine(root, "year=2026", "month=01", "day=01");
        Directory.CreateDirectory(night);
        System.IO.File.Copy(File, Path.Combine(night, "part-00000.snappy.parquet"));
    }

    /// <summary>The alerts, in file order.</summary>
    public static IReadOnlyList<RubinAlert> Alerts() => Alerts(File);

    /// <summary>The alerts of any Rubin alert file, in file order.</summary>
    public static IReadOnlyList<RubinAlert> Alerts(string path)
    {
        using var file = new ParquetFileReader(path);
        var schema = file.FileMetaData.Schema;
        var columns = Enumerable.Range(0, schema.NumColumns).ToDictionary(i => schema.Column(i).Path.ToDotString(), i => i);
        var alerts = new List<RubinAlert>();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var n = checked((int)group.MetaData.NumRows);
            var id = Read<long?>(group, columns["diaSourceId"], n);
            var objectId = Read<long?>(group, columns["diaSource.diaObjectId"], n);
            var ra = Read<double?>(group, columns["diaSource.ra"], n);
            var dec = Read<double?>(group, columns["diaSource.dec"], n);
            var flux = Read<float?>(group, columns["diaSource.psfFlux"], n);
            var band = Read<string?>(group, columns["diaSource.band"], n);
            var time = Read<double?>(group, columns["diaSource.midpointMjdTai"], n);
            for (var r = 0; r < n; r++)
                alerts.Add(new RubinAlert(id[r]!.Value, objectId[r], ra[r]!.Value, dec[r]!.Value, flux[r], band[r], time[r]));
        }
        return alerts;
    }

    /// <summary>For each alert, a source at each of <see cref="OffsetsArcsec"/>, in a direction that turns from alert to alert.</summary>
    public static SourceCatalog AroundAlerts(IReadOnlyList<RubinAlert> alerts)
    {
        var ra = new List<double>();
        var dec = new List<double>();
        var ids = new List<string>();
        for (var a = 0; a < alerts.Count; a++)
        {
            for (var k = 0; k < OffsetsArcsec.Length; k++)
            {
                var angle = (a * 37 + k * 71) % 360 * Math.PI / 180;
                var d = OffsetsArcsec[k] / 3600;
                dec.Add(alerts[a].Dec + d * Math.Cos(angle));
                ra.Add((alerts[a].Ra + d * Math.Sin(angle) / Math.Cos(alerts[a].Dec * Math.PI / 180) + 360) % 360);
                ids.Add($"a{a}-{OffsetsArcsec[k]}");
            }
        }
        return new SourceCatalog("around.csv", "source", [.. ra], [.. dec], [.. ids]);
    }

    /// <summary>One column of a row group, read by ParquetSharp.</summary>
    public static T[] Read<T>(RowGroupReader group, int column, int rows)
    {
        using var reader = group.Column(column).LogicalReader<T>();
        return reader.ReadAll(rows);
    }
}
