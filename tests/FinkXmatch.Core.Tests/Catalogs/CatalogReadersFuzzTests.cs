using System.Diagnostics;
using System.Text;
using FinkXmatch.Core.Catalogs;
using Xunit.Abstractions;

namespace FinkXmatch.Core.Tests.Catalogs;

/// <summary>
/// Feeds damaged files to every extension the factory knows (VOTable and FITS join once their readers are wired)
/// and checks that bad bytes only ever surface as <see cref="CatalogException"/>.
/// </summary>
public class CatalogReadersFuzzTests(ITestOutputHelper output)
{
    private const int InputsPerExtension = 300;
    private const int MaxRowsDrained = 100_000;
    private static readonly byte[] StructuralBytes = "\",\t\r\n# <>&/="u8.ToArray();

    private static readonly Lazy<Dictionary<CatalogFormat, byte[]>> ValidFiles = new(() => new()
    {
        [CatalogFormat.Csv] = Encoding.UTF8.GetBytes(
            "# sample\nid , name , ra , dec\n1 , \"a, \"\"b\"\"\" , 10.5 , -20\n\n2,\"multi\nline\",11,21\n3,,1e3,NaN\r\n"),
        [CatalogFormat.Tsv] = Encoding.UTF8.GetBytes("id\tname\tra\tdec\n1\t\"x\ty\"\t10.5\t-20\n2\tγ\t11\t21\n"),
        [CatalogFormat.Parquet] = ParquetCatalogReaderTests.WriteSample(),
        [CatalogFormat.VOTable] = Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="UTF-8"?>
            <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
             <RESOURCE><TABLE name="t">
              <FIELD name="id" datatype="int"/><FIELD name="ra" datatype="double" unit="deg"/>
              <FIELD name="dec" datatype="double" unit="deg"/><FIELD name="name" datatype="char" arraysize="*"/>
              <DATA><TABLEDATA>
               <TR><TD>1</TD><TD>10.5</TD><TD>-20</TD><TD>a&amp;b</TD></TR>
               <TR><TD>2</TD><TD>11</TD><TD></TD><TD>c</TD></TR>
              </TABLEDATA></DATA>
             </TABLE></RESOURCE>
            </VOTABLE>
            """),
        [CatalogFormat.Fits] = File.ReadAllBytes(TestData.Path("catalogs/4lac_dr3_l.fits")),
    });

    [Fact]
    public void Damaged_files_only_ever_raise_catalog_exceptions()
    {
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>();
        foreach (var extension in CatalogReaders.SupportedExtensions)
        {
            var format = CatalogReaders.FormatOf("x" + extension)!.Value;
            var valid = ValidFiles.Value[format];
            var random = new Random(HashCode(extension)); // fixed seed per extension
            for (var i = 0; i < InputsPerExtension; i++)
            {
                var input = Mutate(valid, i, random);
                var outcome = Drain(input, "fuzz" + extension, out var unexpected);
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                if (unexpected is not null && failures.Count < 20)
                    failures.Add($"{extension} input {i} ({input.Length} bytes): {unexpected.GetType().Name}: {unexpected.Message}\n{unexpected.StackTrace}");
            }
        }
        output.WriteLine($"{CatalogReaders.SupportedExtensions.Count} extensions × {InputsPerExtension} inputs in {clock.ElapsedMilliseconds} ms");
        foreach (var (outcome, count) in outcomes.OrderBy(o => o.Key)) output.WriteLine($"  {outcome}: {count}");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        // The inputs reach the readers, not only the content check: some damaged files still read whole.
        Assert.True(outcomes.GetValueOrDefault("read") > 0);
        Assert.True(outcomes.Keys.Count(k => k.StartsWith("CatalogException", StringComparison.Ordinal)) >= 4);
    }

    /// <summary>
    /// Inputs cycle through random bytes (bare or behind the format's magic), truncations, bit flips, and
    /// structural characters (quotes, separators, line ends, markup) spliced into the valid file.
    /// </summary>
    private static byte[] Mutate(byte[] valid, int i, Random random)
    {
        switch (i % 5)
        {
            case 0:
            {
                var bytes = new byte[random.Next(0, 2048)];
                random.NextBytes(bytes);
                return bytes;
            }
            case 1:
            {
                // The valid file's first bytes (its magic) then garbage, and its last bytes (Parquet's footer marker).
                var bytes = new byte[random.Next(16, 4096)];
                random.NextBytes(bytes);
                valid.AsSpan(0, Math.Min(Math.Min(valid.Length, bytes.Length - 4), random.Next(4, 200))).CopyTo(bytes);
                valid.AsSpan(valid.Length - 4).CopyTo(bytes.AsSpan(bytes.Length - 4));
                return bytes;
            }
            case 2:
                return valid[..random.Next(0, valid.Length)];
            case 3:
            {
                var bytes = (byte[])valid.Clone();
                var splices = random.Next(1, 6);
                for (var f = 0; f < splices; f++) bytes[random.Next(bytes.Length)] = StructuralBytes[random.Next(StructuralBytes.Length)];
                return bytes;
            }
            default:
            {
                var bytes = (byte[])valid.Clone();
                var flips = random.Next(1, 9);
                for (var f = 0; f < flips; f++) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            }
        }
    }

    /// <summary>Opens and reads everything; returns "read" or the CatalogException kind, and any other exception.</summary>
    private static string Drain(byte[] input, string fileName, out Exception? unexpected)
    {
        unexpected = null;
        try
        {
            using var reader = CatalogReaders.Open(new MemoryStream(input), fileName);
            var columns = reader.Columns.Count;
            while (reader.Read() && reader.Row <= MaxRowsDrained)
            {
                for (var c = 0; c < columns; c++)
                {
                    _ = reader.IsNull(c);
                    _ = reader.GetText(c);
                    _ = reader.TryGetDouble(c, out _);
                }
            }
            return "read";
        }
        catch (CatalogException e)
        {
            return $"CatalogException {e.Kind}";
        }
        catch (Exception e)
        {
            unexpected = e;
            return "unexpected " + e.GetType().Name;
        }
    }

    private static int HashCode(string s)
    {
        var h = 17;
        foreach (var c in s) h = h * 31 + c;
        return h;
    }
}
