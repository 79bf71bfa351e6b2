using System.Diagnostics;
using System.Globalization;
using System.Text;
using FinkXmatch.Core.Catalogs;

namespace FinkXmatch.Bench;

/// <summary>
/// Reads a generated 10,000,000-row CSV catalog the way an upload is read: inspection (row count, preview, guess),
/// then loading of the RA/Dec/id columns into a <see cref="SourceCatalog"/>. Reports time and peak memory.
/// </summary>
internal static class CatalogCsvBenchmark
{
    public static string Run(string cacheDir, int rows)
    {
        var path = Path.Combine(cacheDir, $"catalog_{rows}.csv");
        if (!File.Exists(path)) Generate(path, rows);
        var size = new FileInfo(path).Length;

        Measure.Collect();
        var inspect = Stopwatch.StartNew();
        CatalogSummary summary;
        using (var reader = CatalogReaders.Open(path)) summary = CatalogInspector.Inspect(reader);
        inspect.Stop();

        var load = Stopwatch.StartNew();
        SourceCatalog catalog;
        using (var reader = CatalogReaders.Open(path))
            catalog = CatalogLoader.Load(reader, new CatalogSelection(summary.Guess.RaColumn!, summary.Guess.DecColumn!, summary.Guess.IdColumn));
        load.Stop();
        var held = Measure.ManagedBytesAfterCollect();
        GC.KeepAlive(catalog);

        return string.Join('\n',
            $"| CSV catalog | rows | file | inspect (count + preview + guess) | load ra/dec/id | managed memory held | peak working set |",
            "|---|---|---|---|---|---|---|",
            $"| generated, 3 columns | {catalog.Count:N0} | {Measure.MiB(size)} | {inspect.Elapsed.TotalSeconds:F2} s | {load.Elapsed.TotalSeconds:F2} s " +
            $"| {Measure.MiB(held)} | {Measure.MiB(Measure.PeakWorkingSet())} |");
    }

    private static void Generate(string path, int rows)
    {
        Console.Error.WriteLine($"generating {rows:N0}-row CSV catalog at {path} ...");
        var rng = new Random(42);
        var tmp = path + ".tmp";
        using (var writer = new StreamWriter(tmp, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.Write("source_id,ra,dec\n");
            for (var i = 0; i < rows; i++)
            {
                var ra = rng.NextDouble() * 360;
                var dec = Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI;
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"SRC{i:D9},{ra:F7},{dec:F7}\n"));
            }
        }
        File.Move(tmp, path, overwrite: true);
    }
}
