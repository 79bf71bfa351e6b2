namespace FinkXmatch.Core.Datalake;

/// <summary>
/// Which columns a position scan reads besides <c>candidate.ra</c> and <c>candidate.dec</c>. Both extras are cheaper
/// to read later for the matched rows only (late materialization), so the default is none.
/// </summary>
[Flags]
public enum ScanColumns
{
    /// <summary>Only <c>candidate.ra</c> and <c>candidate.dec</c>.</summary>
    Positions = 0,
    /// <summary>Also the top-level <c>candid</c>.</summary>
    Candid = 1,
    /// <summary>Also the top-level <c>objectId</c> (one string per row: the costly one).</summary>
    ObjectId = 2,
}
