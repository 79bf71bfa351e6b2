namespace FinkXmatch.Grains.Settings;

/// <summary>
/// The limits on what clients may send and hold (README "Limits"): a request over one is refused with a problem
/// naming its key (<c>FinkXmatch:MaxFields</c>, ...).
/// </summary>
public sealed class LimitOptions
{
    /// <summary>The largest upload accepted, in bytes (2 GiB by default).</summary>
    public long MaxUploadBytes { get; set; } = 2L << 30;

    /// <summary>The most rows a catalog may have.</summary>
    public long MaxCatalogRows { get; set; } = 10_000_000;

    /// <summary>The most columns a catalog may have.</summary>
    public int MaxCatalogColumns { get; set; } = 1000;

    /// <summary>The most alert fields one crossmatch request may list.</summary>
    public int MaxFields { get; set; } = 200;

    /// <summary>The largest JSON request body accepted (e.g. <c>POST /xmatch</c>), in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1 << 20;

    /// <summary>The most alerts one cone search or region answer may hold.</summary>
    public long MaxSkySearchRows { get; set; } = 100_000;

    /// <summary>
    /// How many unfinished (queued or running) jobs one client may have at once: one user when sign-in is on
    /// (<c>Auth:Mode</c> tokens or oidc), one IP address without it.
    /// </summary>
    public int MaxUnfinishedJobsPerClient { get; set; } = 32;

    /// <summary>How many catalogs one user may upload per UTC day (sign-in on).</summary>
    public int MaxUploadsPerUserPerDay { get; set; } = 200;

    /// <summary>How many bytes of stored catalogs and completed jobs' results one user may hold at once, until they expire (sign-in on).</summary>
    public long MaxStoredBytesPerUser { get; set; } = 20L << 30;

    /// <summary>How many unfinished (queued or running) jobs the whole cluster may have at once.</summary>
    public int MaxUnfinishedJobs { get; set; } = 100;

    /// <summary>The catalog limits in force (<see cref="MaxCatalogRows"/>, <see cref="MaxCatalogColumns"/>) for the core readers.</summary>
    public Core.Catalogs.CatalogLimits CatalogLimits() => new(MaxCatalogRows, MaxCatalogColumns);
}
