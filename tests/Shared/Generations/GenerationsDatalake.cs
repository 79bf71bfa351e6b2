using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace FinkXmatch.Tests.Generations;

/// <summary>
/// A datalake of four real nights written under four Fink/ZTF schema generations (2019 and 2020 Fink science files,
/// the 2021 datalake sample, a 2025 filter file), copied under year=/month=/day= folders, and a catalog with one
/// source at every alert's position, so that every night has matches.
/// </summary>
internal static class GenerationsDatalake
{
    /// <summary>The nights, oldest first, and the shared data files each holds.</summary>
    public static readonly IReadOnlyList<(string Night, string[] Files)> Nights =
    [
        ("2019-09-03", ["ztf-generations/science_2019-09-03.parquet"]),
        ("2020-01-01", ["ztf-generations/science_2020-01-01.parquet"]),
        ("2021-11-03", ["datalake-sample/year=1988/month=11/day=03/part-00002.snappy.parquet",
                        "datalake-sample/year=1988/month=11/day=03/part-00003.snappy.parquet"]),
        ("2025-06-15", ["filters_regular_part0.parquet"]),
    ];

    /// <summary>Copies the files under <paramref name="root"/> (created), which becomes the datalake root.</summary>
    public static void Create(string root)
    {
        foreach (var (night, files) in Nights)
        {
            var day = Path.Combine(root, $"year={night[..4]}", $"month={night[5..7]}", $"day={night[8..]}");
            Directory.CreateDirectory(day);
            foreach (var file in files)
            {
                var copy = Path.Combine(day, Path.GetFileName(file));
                File.Copy(TestData.Path(file), copy);
                File.SetAttributes(copy, FileAttributes.Normal);   // the shared data is read-only; let the test delete its copy
            }
        }
    }

    /// <summary>
    /// Adds night <paramref name="night"/> (YYYY-MM-DD) to the datalake at <paramref name="root"/>: one alert whose
    /// <c>rf_snia_vs_nonia</c> is a string, where every real generation has a double.
    /// </summary>
    public static async Task WriteConflictingNightAsync(string root, string night)
    {
        var day = Path.Combine(root, $"year={night[..4]}", $"month={night[5..7]}", $"day={night[8..]}");
        Directory.CreateDirectory(day);
        var schema = new ParquetSchema(new DataField("candid", typeof(long), true), new DataField("objectId", typeof(string), true),
            new StructField("candidate", new DataField("ra", typeof(double), true), new DataField("dec", typeof(double), true)),
            new DataField("rf_snia_vs_nonia", typeof(string), true));
        var row = new Dictionary<string, object?>
        {
            ["candid"] = 1L, ["objectId"] = "ZTF26conflict",
            ["candidate"] = new Dictionary<string, object?> { ["ra"] = 10.0, ["dec"] = 20.0 },
            ["rf_snia_vs_nonia"] = "0.5",
        };
        await using var file = File.Create(Path.Combine(day, "part-0.parquet"));
        await ParquetSerializer.SerializeUntypedAsync([row], schema, file);
    }

    /// <summary>The refusal of a job over the real nights and the conflicting one.</summary>
    public static string ConflictMessage(string night) =>
        $"alert field 'rf_snia_vs_nonia' is double in nights {string.Join(", ", Nights.Select(n => n.Night))} but string in night {night}: " +
        "a job cannot span both, choose nights on one side (years, or startNight/stopNight)";

    /// <summary>
    /// Writes a CSV catalog (id, ra, dec) with one source at the position of every alert of the datalake under
    /// <paramref name="root"/>, read with Parquet.Net's reader; returns the number of sources.
    /// </summary>
    public static async Task<int> WriteCatalogAsync(string root, string csvPath)
    {
        var text = new StringBuilder("id,ra,dec\n");
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            await using var input = File.OpenRead(file);
            int groups;
            await using (var reader = await ParquetReader.CreateAsync(input, leaveStreamOpen: true)) groups = reader.RowGroupCount;
            for (var g = 0; g < groups; g++)
            {
                input.Position = 0;
                foreach (var row in (await ParquetSerializer.DeserializeUntypedAsync(input, null, g)).Data)
                {
                    var candidate = (IDictionary<string, object?>)row["candidate"]!;
                    text.Append(CultureInfo.InvariantCulture, $"src-{count},{(double)candidate["ra"]!:R},{(double)candidate["dec"]!:R}\n");
                    count++;
                }
            }
        }
        await File.WriteAllTextAsync(csvPath, text.ToString());
        return count;
    }
}
