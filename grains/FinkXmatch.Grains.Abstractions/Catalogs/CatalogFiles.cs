namespace FinkXmatch.Grains.Catalogs;

/// <summary>
/// Where catalog files lie under the data directory: <c>uploads/{catalogId}.part</c> while an upload is received and
/// checked, <c>uploads/{catalogId}.parquet.part</c> while it is rewritten as Parquet, <c>catalogs/{storedFileName}</c>
/// (<c>{catalogId}.parquet</c>) once accepted. All on the same disk so that accepting is a rename.
/// </summary>
public sealed class CatalogFiles(string dataDirectory)
{
    public string UploadsDirectory { get; } = Path.Combine(Path.GetFullPath(dataDirectory), "uploads");

    public string CatalogsDirectory { get; } = Path.Combine(Path.GetFullPath(dataDirectory), "catalogs");

    public string Upload(string catalogId) => Path.Combine(UploadsDirectory, catalogId + ".part");

    public string Converting(string catalogId) => Path.Combine(UploadsDirectory, catalogId + ".parquet.part");

    public string Stored(string storedFileName) => Path.Combine(CatalogsDirectory, storedFileName);
}
