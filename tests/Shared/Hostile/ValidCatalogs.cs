using System.Globalization;
using System.Text;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Sky;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Tests.Hostile;

/// <summary>
/// The valid files the hostile corpus damages: the real 3HSP CSV and 4LAC FITS of <c>tests/data</c>, and the same
/// 3HSP sources (positions read by the project's own loader) written as a degrees CSV, Parquet (Parquet.Net, the
/// library the service reads with), a TABLEDATA VOTable, plus the repository's astropy-written BINARY2 VOTable.
/// </summary>
internal sealed class ValidCatalogs
{
    public const int Sources = 300;

    private ValidCatalogs()
    {
        ThreeHspCsv = File.ReadAllBytes(TestData.Path("catalogs/3hsp.csv"));
        FourLacFits = File.ReadAllBytes(TestData.Path("catalogs/4lac_dr3_l.fits"));
        Binary2VOTable = File.ReadAllBytes(Path.Combine(TestData.RepositoryRoot, "tests", "FinkXmatch.Core.Tests", "Catalogs", "Fixtures", "sample_binary2.xml"));
        using (var reader = CatalogReaders.Open(new MemoryStream(ThreeHspCsv), "3hsp.csv"))
        {
            var hsp = CatalogLoader.Load(reader, new CatalogSelection("R.A.", "Dec", "id", CoordinateFormat.Sexagesimal));
            Names = Enumerable.Range(0, Sources).Select(i => $"3HSP-{hsp.Ids[i]}").ToArray();
            Ra = hsp.RaDeg[..Sources];
            Dec = hsp.DecDeg[..Sources];
        }
        DegreesCsv = Encoding.UTF8.GetBytes(Csv(','));
        DegreesTsv = Encoding.UTF8.GetBytes(Csv('\t'));
        Parquet = WriteParquet(Names, Ra, Dec, rowGroups: 2, CompressionMethod.Snappy);
        GzipParquet = WriteParquet(Names, Ra, Dec, rowGroups: 1, CompressionMethod.Gzip);
        TableDataVOTable = Encoding.UTF8.GetBytes(VOTable());
    }

    public static ValidCatalogs Instance => Lazy.Value;

    private static readonly Lazy<ValidCatalogs> Lazy = new(() => new ValidCatalogs());

    public string[] Names { get; }
    public double[] Ra { get; }
    public double[] Dec { get; }

    /// <summary>The real 3HSP catalog: spaces around commas, quoted fields, sexagesimal "R.A." and "Dec", UTF-8 (μ, γ).</summary>
    public byte[] ThreeHspCsv { get; }

    /// <summary>The real 4LAC FITS binary table (RAJ2000/DEJ2000 floats, Source_Name).</summary>
    public byte[] FourLacFits { get; }

    /// <summary>name,ra,dec in degrees.</summary>
    public byte[] DegreesCsv { get; }
    public byte[] DegreesTsv { get; }

    /// <summary>name (string), ra, dec (double); two row groups, Snappy.</summary>
    public byte[] Parquet { get; }

    /// <summary>The same in one row group, gzip-compressed pages.</summary>
    public byte[] GzipParquet { get; }

    public byte[] TableDataVOTable { get; }

    /// <summary>astropy's BINARY2 sample (id, name, ra, dec, ...), 4 rows.</summary>
    public byte[] Binary2VOTable { get; }

    public string Csv(char separator) =>
        string.Concat(Enumerable.Range(0, Sources).Select(i => string.Create(CultureInfo.InvariantCulture, $"{Names[i]}{separator}{Ra[i]:R}{separator}{Dec[i]:R}\n")))
            .Insert(0, $"name{separator}ra{separator}dec\n");

    /// <summary>A TABLEDATA VOTable of the sources, with <paramref name="rows"/> replacing the row markup when given.</summary>
    public string VOTable(string? fields = null, string? rows = null) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
         <RESOURCE type="results"><TABLE name="3hsp">
          {fields ?? """<FIELD name="name" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double" unit="deg"/><FIELD name="dec" datatype="double" unit="deg"/>"""}
          <DATA><TABLEDATA>
        {rows ?? string.Concat(Enumerable.Range(0, Sources).Select(i => string.Create(CultureInfo.InvariantCulture, $"   <TR><TD>{Names[i]}</TD><TD>{Ra[i]:R}</TD><TD>{Dec[i]:R}</TD></TR>\n")))}
          </TABLEDATA></DATA>
         </TABLE></RESOURCE>
        </VOTABLE>
        """;

    public static byte[] WriteParquet(string[] names, double[] ra, double[] dec, int rowGroups, CompressionMethod compression,
        string raName = "ra", string decName = "dec")
    {
        var name = new DataField<string>("name", true);
        var raField = new DataField<double>(raName);
        var decField = new DataField<double>(decName);
        using var output = new MemoryStream();
        Task.Run(async () =>
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(name, raField, decField), output,
                new ParquetOptions { CompressionMethod = compression });
            var per = Math.Max(1, (names.Length + rowGroups - 1) / rowGroups);
            for (var start = 0; start < Math.Max(1, names.Length); start += per)
            {
                var end = Math.Min(names.Length, start + per);
                var from = Math.Min(start, end);
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(name, names[from..end]);
                await group.WriteAsync<double>(raField, ra.AsMemory(from, end - from));
                await group.WriteAsync<double>(decField, dec.AsMemory(from, end - from));
            }
        }).GetAwaiter().GetResult();
        return output.ToArray();
    }
}
