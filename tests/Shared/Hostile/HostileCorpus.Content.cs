namespace FinkXmatch.Tests.Hostile;

/// <summary>Content that is not what its extension says, and extensions no reader takes.</summary>
internal static partial class HostileCorpus
{
    private static IEnumerable<HostileFile> WrongContent(ValidCatalogs valid)
    {
        yield return Upload("wrong extension: Parquet named .csv", "3hsp.csv", valid.Parquet, "3hsp.csv", "looks like a Parquet file", "rename it .parquet");
        yield return Upload("wrong extension: FITS named .csv", "4lac.csv", valid.FourLacFits, "4lac.csv", "looks like a FITS file", "rename it .fits");
        yield return Upload("wrong extension: VOTable named .csv", "table.csv", valid.TableDataVOTable, "table.csv", "VOTable", "rename it .vot");
        yield return Upload("wrong extension: CSV named .parquet", "3hsp.parquet", valid.ThreeHspCsv, "3hsp.parquet", "not Parquet", "PAR1", "rename it .csv");
        yield return Upload("wrong extension: FITS named .parquet", "4lac.parquet", valid.FourLacFits, "4lac.parquet", "not Parquet", "rename it .fits");
        yield return Upload("wrong extension: Parquet named .fits", "3hsp.fits", valid.Parquet, "3hsp.fits", "looks like a Parquet file", "rename it .parquet");
        yield return Upload("wrong extension: CSV named .fits", "3hsp-text.fits", valid.ThreeHspCsv, "3hsp-text.fits", "not FITS");
        yield return Upload("wrong extension: VOTable named .fits", "table.fits", valid.TableDataVOTable, "table.fits", "VOTable");
        yield return Upload("wrong extension: Parquet named .vot", "3hsp-pq.vot", valid.Parquet, "3hsp-pq.vot", "looks like a Parquet file");
        yield return Upload("wrong extension: FITS named .xml", "4lac.xml", valid.FourLacFits, "4lac.xml", "looks like a FITS file");
        yield return Upload("wrong extension: gzip named .parquet", "3hsp-gz.parquet", Gzip(valid.Parquet), "3hsp-gz.parquet", "gzip", "decompress");
        yield return Upload("unsupported extension: .xlsx", "catalog.xlsx", Zip(valid.DegreesCsv, "sheet1.xml"), "catalog.xlsx", "'.xlsx'", ".parquet");
        yield return Upload("unsupported extension: .csv.gz", "3hsp.csv.gz", Gzip(valid.ThreeHspCsv), "3hsp.csv.gz", "'.gz'", ".csv");
        yield return Upload("unsupported extension: none", "catalog", valid.DegreesCsv, "catalog", "no extension");
        yield return Upload("unsupported extension: .exe", "setup.exe", Garbage(2048, 9), "setup.exe", "'.exe'");
    }
}
