using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.Datalake.Occupancy;

/// <summary>
/// Where the alerts of some nights of one survey are (the union of their occupancies), and a key that changes when
/// any of those nights' files does, so what is drawn from it can be cached under that key.
/// </summary>
public sealed record AlertCoverage(Survey Survey, SkyCoverage Coverage, int Nights, string Key);
