using FinkXmatch.Api.Problems;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Occupancy;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Sky.Moc;
using FinkXmatch.Core.SkyMaps;
using FinkXmatch.Grains.Catalogs;
using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Catalogs;

/// <summary>
/// A rendered sky map, the fraction of the catalog's sources inside ZTF's footprint and, when the map shows the alerts
/// of chosen nights, the fraction where those nights have alerts.
/// </summary>
public sealed record SkyMapImage(byte[] Content, string ContentType, double InsideZtfFraction, double? InsideAlertsFraction);

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
/// per catalog, columns, format and alert coverage (whose key changes with its nights' files). Bounded by total bytes
/// (64 MiB), least recently used maps leave first.
/// </summary>
public sealed class SkyMapCache(CatalogStore store, IOptions<LimitOptions> limits) : IDisposable
{
    private const long MaxCachedBytes = 64L << 20;

    private readonly MemoryCache _maps = new(new MemoryCacheOptions { SizeLimit = MaxCachedBytes });
    private readonly SkyMapRenderer _renderer = new(SkyCoverage.Ztf);

    /// <exception cref="Core.Catalogs.CatalogException">A column is missing or a row's coordinates do not parse.</exception>
    public SkyMapImage Get(StoredCatalog catalog, SkyMapRequest request, AlertCoverage? alerts = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(request);
        var key = (catalog.Info.CatalogId, request, alerts?.Key);
        if (_maps.TryGetValue(key, out SkyMapImage? cached) && cached is not null) return cached;

        var image = Render(catalog, request, alerts);
        _maps.Set(key, image, new MemoryCacheEntryOptions { Size = image.Content.Length });
        return image;
    }

    public void Dispose() => _maps.Dispose();

    private SkyMapImage Render(StoredCatalog catalog, SkyMapRequest request, AlertCoverage? alerts)
    {
        // Titled with the name the user knows, not the stored one.
        var sources = CatalogPositions.Load(store.CatalogPath(catalog.StoredFileName), catalog.Info.FileName,
            request.RaColumn, request.DecColumn, request.Coordinates, limits.Value.CatalogLimits());
        var fraction = SkyCoverage.Ztf.InsideFraction(sources.RaDeg, sources.DecDeg);
        var alertsFraction = alerts?.Coverage.InsideFraction(sources.RaDeg, sources.DecDeg);
        // ZTF's published footprint under its alerts; LSST has none here, its alerts' coverage stands alone.
        var renderer = alerts is null ? _renderer
            : SkyMapRenderer.ForAlerts(alerts.Survey == Survey.Ztf ? SkyCoverage.Ztf : null, alerts.Coverage);
        return request.Format == SkyMapFormat.Png
            ? new SkyMapImage(renderer.RenderPng(request.Width, sources), "image/png", fraction, alertsFraction)
            : new SkyMapImage(System.Text.Encoding.UTF8.GetBytes(renderer.RenderSvg(sources)), "image/svg+xml", fraction, alertsFraction);
    }
}
