using FinkXmatch.Grains.Catalogs;
using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Catalogs;

/// <summary>
/// The catalog files under the data directory (layout: <see cref="CatalogFiles"/>, shared with the catalog grain that
/// deletes them on expiry): <c>uploads/</c> holds uploads being received and checked, <c>catalogs/</c> the accepted
/// ones, each rewritten as <c>{catalogId}.parquet</c> (older ones may keep their upload's extension).
/// </summary>
public sealed class CatalogStore(IOptions<DataDirectoryOptions> data)
{
    private readonly CatalogFiles _files = new(data.Value.DataDirectory);

    public string UploadsDirectory => _files.UploadsDirectory;

    public string CatalogsDirectory => _files.CatalogsDirectory;

    public string UploadPath(string catalogId) => _files.Upload(catalogId);

    public string ConvertingPath(string catalogId) => _files.Converting(catalogId);

    public string CatalogPath(string storedFileName) => _files.Stored(storedFileName);

    public void EnsureDirectories()
    {
        Directory.CreateDirectory(UploadsDirectory);
        Directory.CreateDirectory(CatalogsDirectory);
    }
}
