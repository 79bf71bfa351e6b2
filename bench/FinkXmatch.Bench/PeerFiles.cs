using System.Globalization;
using FinkXmatch.Core.Catalogs;
using Parquet;
using Parquet.Serialization;
using Parquet.Schema;

namespace FinkXmatch.Bench;

/// <summary>One result row as both engines write it: the alert's identifier, the source's, their separation.</summary>
internal readonly record struct PeerMatch(long AlertId, string SourceId, double SeparationArcsec);

/// <summary>The files the two engines of <c>bench/run.sh peers</c> share: the catalog they read, the results they write.</summary>
internal static class PeerFiles
{
    private const int RowGroupRows = 1_000_000;

    /// <summary>The benchmark catalog of <paramref name="sources"/> sources as Parquet (source_id, ra, dec), written once.</summary>
    public static async Task<string> CatalogAsync(string cacheDir, SourceCatalog catalog)
    {
        var path = Path.Combine(cacheDir, string.Create(CultureInfo.InvariantCulture, $"peers-catalog-{catalog.Count}.parquet"));
        if (File.Exists(path)) return path;
        var schema = new ParquetSchema(new DataField<string>("source_id"), new DataField<double>("ra"), new DataField<double>("dec"));
        var tmp = path + ".part";
        await using (var stream = File.Create(tmp))
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream))
        {
            for (var start = 0; start < catalog.Count; start += RowGroupRows)
            {
                var n = Math.Min(RowGroupRows, catalog.Count - start);
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(schema.DataFields[0], catalog.Ids.Skip(start).Take(n).ToArray());
                await group.WriteAsync(schema.DataFields[1], (ReadOnlyMemory<double>)catalog.RaDeg.AsMemory(start, n));
                await group.WriteAsync(schema.DataFields[2], (ReadOnlyMemory<double>)catalog.DecDeg.AsMemory(start, n));
            }
        }
        File.Move(tmp, path);
        return path;
    }

    /// <summary>
    /// The rows of a result file: the alert identifier is its second column (<c>candid</c>, <c>diaSourceId</c>),
    /// <c>separation_arcsec</c> and <c>source_id</c> are read by name.
    /// </summary>
    public static async Task<List<PeerMatch>> ReadResultsAsync(string path)
    {
        string alert;
        await using (var reader = await ParquetReader.CreateAsync(path)) alert = reader.Schema.Fields[1].Name;
        await using var stream = File.OpenRead(path);
        return (await ParquetSerializer.DeserializeUntypedAsync(stream)).Data
            .Select(row => new PeerMatch(Convert.ToInt64(row[alert], CultureInfo.InvariantCulture), (string)row["source_id"],
                Convert.ToDouble(row["separation_arcsec"], CultureInfo.InvariantCulture)))
            .ToList();
    }
}
