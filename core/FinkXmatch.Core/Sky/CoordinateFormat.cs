namespace FinkXmatch.Core.Sky;

/// <summary>How sky coordinates are written in a catalog column. Jobs store it by number: keep the numbers.</summary>
public enum CoordinateFormat
{
    /// <summary>Decide from the column type or from its values.</summary>
    Auto = 0,

    /// <summary>Decimal degrees, e.g. <c>150.25</c> / <c>-2.5</c>.</summary>
    Degrees = 1,

    /// <summary>Hours (RA) or degrees (Dec), minutes and seconds, e.g. <c>10:01:00</c> / <c>-02 30 00</c>.</summary>
    Sexagesimal = 2,
}
