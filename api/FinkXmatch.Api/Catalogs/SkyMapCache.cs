using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Sky.Moc;
using FinkXmatch.Core.Sky.SkyMap;
using FinkXmatch.Grains;
using FinkXmatch.Grains.Catalogs;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Catalogs;

/// <summary>A rendered sky map and the fraction of the catalog's sources inside ZTF's footprint.</summary>
public sealed record SkyMapImage(byte[] Content, string ContentType, double InsideZtfFraction);

/// <summary>What a sky map is drawn from: the catalog, its coordinate columns and notation, and the image wanted.</summary>
public sealed record SkyMapRequest(string RaColumn, string DecColumn, CoordinateFormat Coordinates, SkyMapFormat Format, int Width);

/// <summary>Image formats of <c>GET /catalogs/{catalogId}/skymap</c>.</summary>
public enum SkyMapFormat
{
    Svg,
    Png,
}

/// <summary>
/// Renders sky maps of stored catalogs and keeps them: a catalog never changes once uploaded, so a map is drawn once
/// per catalog, columns and format. Bounded by total bytes (64 MiB), least recently used maps leave first.
/// </summary>
public sealed class SkyMapCache(CatalogStore store, IOptions<FinkXmatchOptions> options) : IDisposable
{
    private const long MaxCachedBytes = 64L << 20;

    private readonly MemoryCache _maps = new(new MemoryCacheOptions { SizeLimit = MaxCachedBytes });
    private readonly SkyMapRenderer _renderer = new(SkyCoverage.Ztf);

    /// <exception cref="Core.Catalogs.CatalogException">A column is missing or a row's coordinates do not parse.</exception>
    public SkyMapImage Get(StoredCatalog catalog, SkyMapRequest request)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(request);
        var key = (catalog.Info.CatalogId, request);
        if (_maps.TryGetValue(key, out SkyMapImage? cached) && cached is not null) return cached;

        var image = Render(catalog, request);
        _maps.Set(key, image, new MemoryCacheEntryOptions { Size = image.Content.Length });
        return image;
    }

    public void Dispose() => _maps.Dispose();

    private SkyMapImage Render(StoredCatalog catalog, SkyMapRequest request)
    {
        // Titled with the name the user knows, not the stored one.
        var sources = CatalogPositions.Load(store.CatalogPath(catalog.StoredFileName), catalog.Info.FileName,
            request.RaColumn, request.DecColumn, request.Coordinates, options.Value.MaxCatalogRows);
        var fraction = SkyCoverage.Ztf.InsideFraction(sources.RaDeg, sources.DecDeg);
        return request.Format == SkyMapFormat.Png
            ? new SkyMapImage(_renderer.RenderPng(request.Width, sources), "image/png", fraction)
            : new SkyMapImage(System.Text.Encoding.UTF8.GetBytes(_renderer.RenderSvg(sources)), "image/svg+xml", fraction);
    }
}
