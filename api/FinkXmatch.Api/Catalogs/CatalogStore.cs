using FinkXmatch.Grains;
using FinkXmatch.Grains.Catalogs;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Catalogs;

/// <summary>
/// The catalog files under the data directory (layout: <see cref="CatalogFiles"/>, shared with the catalog grain that
/// deletes them on expiry): <c>uploads/</c> holds uploads being received and checked, <c>catalogs/</c> the accepted
/// ones, each named <c>{catalogId}{extension}</c>.
/// </summary>
public sealed class CatalogStore(IOptions<FinkXmatchOptions> options)
{
    private readonly CatalogFiles _files = new(options.Value.DataDirectory);

    public string UploadsDirectory => _files.UploadsDirectory;

    public string CatalogsDirectory => _files.CatalogsDirectory;

    public string UploadPath(string catalogId) => _files.Upload(catalogId);

    public string CatalogPath(string storedFileName) => _files.Stored(storedFileName);

    public void EnsureDirectories()
    {
        Directory.CreateDirectory(UploadsDirectory);
        Directory.CreateDirectory(CatalogsDirectory);
    }
}
