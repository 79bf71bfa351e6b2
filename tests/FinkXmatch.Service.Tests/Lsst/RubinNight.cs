using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Service.Tests.Lsst;

/// <summary>
/// The 27 real Fink-processed Rubin alerts of tests/data/lsst laid out as one night (2026-01-01) of an LSST datalake,
/// and a catalog of one source 0.5″ north of each alert, named after the alert's <c>diaSourceId</c>. Positions are read
/// with Parquet.Net's own column reader, not the service's footer reader.
/// </summary>
internal static class RubinNight
{
    public const int Alerts = 27;
    public const string Night = "2026-01-01";
    public const double OffsetArcsec = 0.5;

    /// <summary>Lays the night out under <paramref name="root"/> and returns the root.</summary>
    public static string LayOut(string root)
    {
        var night = Path.Combine(root, "year=2026", "month=01", "day=01");
        Directory.CreateDirectory(night);
        File.Copy(TestData.Path("lsst/rubin_test_data_10_0.parquet"), Path.Combine(night, "part-00000-rubin.snappy.parquet"), overwrite: true);
        return root;
    }

    /// <summary>A CSV catalog (<c>source,ra,dec</c>) of a source 0.5″ north of each alert; the source is the alert's diaSourceId.</summary>
    public static async Task<string> CatalogCsvAsync()
    {
        await using var reader = await ParquetReader.CreateAsync(TestData.Path("lsst/rubin_test_data_10_0.parquet"));
        var fields = reader.Schema.GetDataFields();
        DataField Field(string path) => fields.Single(f => f.Path.ToString() == path);
        var group = reader.RowGroups[0];
        var rows = (int)group.RowCount;
        var ids = new long[rows];
        var ra = new double[rows];
        var dec = new double[rows];
        var levels = new int[rows];
        await group.ReadRawAsync<long>(Field("diaSourceId"), ids.AsMemory(), levels.AsMemory(), null, default);
        await group.ReadRawAsync<double>(Field("diaSource/ra"), ra.AsMemory(), levels.AsMemory(), null, default);
        await group.ReadRawAsync<double>(Field("diaSource/dec"), dec.AsMemory(), levels.AsMemory(), null, default);
        var csv = new StringBuilder("source,ra,dec\n");
        for (var i = 0; i < rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{ids[i]},{ra[i]:R},{dec[i] + OffsetArcsec / 3600:R}\n");
        return csv.ToString();
    }
}
