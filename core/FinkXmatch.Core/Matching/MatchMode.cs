namespace FinkXmatch.Core.Matching;

/// <summary>Which (alert, source) pairs a crossmatch keeps. Jobs store it by number: keep the numbers.</summary>
public enum MatchMode
{
    /// <summary>Each alert once, with its nearest source within the radius (Fink's rule). Ties go to the earlier catalog row.</summary>
    Nearest = 0,

    /// <summary>Every (alert, source) pair within the radius.</summary>
    All = 1,
}
