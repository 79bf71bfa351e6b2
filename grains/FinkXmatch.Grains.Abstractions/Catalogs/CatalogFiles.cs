namespace FinkXmatch.Grains.Catalogs;

/// <summary>
/// Where catalog files lie under the data directory: <c>uploads/{catalogId}.part</c> while an upload is received and
/// checked, <c>catalogs/{storedFileName}</c> once accepted. Both on the same disk so that accepting is a rename.
/// </summary>
public sealed class CatalogFiles(string dataDirectory)
{
    public string UploadsDirectory { get; } = Path.Combine(Path.GetFullPath(dataDirectory), "uploads");

    public string CatalogsDirectory { get; } = Path.Combine(Path.GetFullPath(dataDirectory), "catalogs");

    public string Upload(string catalogId) => Path.Combine(UploadsDirectory, catalogId + ".part");

    public string Stored(string storedFileName) => Path.Combine(CatalogsDirectory, storedFileName);
}
