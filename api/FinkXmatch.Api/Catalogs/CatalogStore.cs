using FinkXmatch.Grains;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Catalogs;

/// <summary>
/// The catalog files under the data directory: <c>uploads/</c> holds uploads being received and checked,
/// <c>catalogs/</c> the accepted ones, each named <c>{catalogId}{extension}</c>. Both are on the same disk so that
/// accepting an upload is a rename.
/// </summary>
public sealed class CatalogStore
{
    public CatalogStore(IOptions<FinkXmatchOptions> options)
    {
        var root = Path.GetFullPath(options.Value.DataDirectory);
        UploadsDirectory = Path.Combine(root, "uploads");
        CatalogsDirectory = Path.Combine(root, "catalogs");
    }

    public string UploadsDirectory { get; }

    public string CatalogsDirectory { get; }

    public string UploadPath(string catalogId) => Path.Combine(UploadsDirectory, catalogId + ".part");

    public string CatalogPath(string storedFileName) => Path.Combine(CatalogsDirectory, storedFileName);

    public void EnsureDirectories()
    {
        Directory.CreateDirectory(UploadsDirectory);
        Directory.CreateDirectory(CatalogsDirectory);
    }
}
