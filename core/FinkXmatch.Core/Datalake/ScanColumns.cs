namespace FinkXmatch.Core.Datalake;

/// <summary>
/// Which columns a position scan reads besides the alert position (<see cref="Survey.RaPath"/>, <see cref="Survey.DecPath"/>).
/// Both extras are cheaper to read later for the matched rows only (late materialization), so the default is none.
/// </summary>
[Flags]
public enum ScanColumns
{
    /// <summary>Only the position.</summary>
    Positions = 0,
    /// <summary>Also the alert's id (<see cref="Survey.AlertId"/>: ZTF's <c>candid</c>, LSST's <c>diaSourceId</c>).</summary>
    Candid = 1,
    /// <summary>Also the object's id (<see cref="Survey.ObjectId"/>) as text (one string per row: the costly one).</summary>
    ObjectId = 2,
}
