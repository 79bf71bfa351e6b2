using FinkXmatch.Core.Catalogs;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>The real catalogs of tests/data, and awkward positions for the edges of the sphere and of HEALPix.</summary>
internal static class ReferenceCatalogs
{
    public static SourceCatalog ThreeHsp() => Load("catalogs/3hsp.csv", "R.A.", "Dec", "id");

    public static SourceCatalog FourLac() => Load("catalogs/4lac_dr3_l.fits", "RAJ2000", "DEJ2000", "Source_Name");

    /// <summary>
    /// Poles and near-poles, both sides of RA 0/360, the HEALPix equatorial/polar face boundary |dec| = asin(2/3)
    /// (41.8103149°), and pairs a few milli-arcseconds apart across RA 0.
    /// </summary>
    public static readonly (string Id, double Ra, double Dec)[] EdgeSources =
    [
        ("north-pole", 0, 90),
        ("south-pole", 0, -90),
        ("near-north-pole", 123.4, 89.9999),
        ("near-north-pole-ra360", 359.99999, 89.9999),
        ("near-south-pole", 0, -89.9999),
        ("near-south-pole-ra360", 359.99999, -89.9999),
        ("face-north-ra0", 0, 41.8103149),
        ("face-north-ra360", 359.99999, 41.8103149),
        ("face-north-ra45", 45, 41.8103149),
        ("face-south-ra0", 0, -41.8103149),
        ("face-south-ra180", 180, -41.8103149),
        ("equator-ra0", 0, 0),
        ("equator-ra360", 359.99999, 0),
        ("dec10-ra360", 359.99999, 10),
    ];

    /// <summary>3HSP, 4LAC and the edge sources as one catalog (ids are distinct across them).</summary>
    public static SourceCatalog Merged()
    {
        var parts = new[] { ThreeHsp(), FourLac() };
        var ra = parts.SelectMany(p => p.RaDeg).Concat(EdgeSources.Select(e => e.Ra)).ToArray();
        var dec = parts.SelectMany(p => p.DecDeg).Concat(EdgeSources.Select(e => e.Dec)).ToArray();
        var ids = parts.SelectMany(p => p.Ids).Concat(EdgeSources.Select(e => e.Id)).ToArray();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Length) throw new InvalidOperationException("merged ids collide");
        return new SourceCatalog("merged", "source", ra, dec, ids);
    }

    private static SourceCatalog Load(string relative, string ra, string dec, string id)
    {
        using var reader = CatalogReaders.Open(TestData.Path(relative));
        return CatalogLoader.Load(reader, new CatalogSelection(ra, dec, id));
    }
}
