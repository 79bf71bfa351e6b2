namespace FinkXmatch.Core.Matching;

/// <summary>The documented bounds of a crossmatch request.</summary>
public static class MatchLimits
{
    /// <summary>Largest radius accepted (1 degree), as CONTRACT §2 states.</summary>
    public const double MaxRadiusArcsec = 3600.0;

    public const string RadiusMessage = "the radius must be greater than 0 and at most 3600 arcsec";
}
