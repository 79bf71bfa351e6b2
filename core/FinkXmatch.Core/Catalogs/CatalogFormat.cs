namespace FinkXmatch.Core.Catalogs;

/// <summary>The file formats a catalog can be uploaded in.</summary>
public enum CatalogFormat
{
    Csv,
    Tsv,
    Parquet,
    VOTable,
    Fits,
}
