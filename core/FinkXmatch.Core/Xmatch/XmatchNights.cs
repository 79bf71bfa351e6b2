using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// The datalake of a crossmatch and the nights it asked for: a listing of directories, checked before anything else is
/// read, so that a request for nights the datalake lacks is refused before its catalog is loaded.
/// </summary>
public sealed record XmatchNights(DatalakeLayout Datalake, IReadOnlyList<DatalakeShard> Shards);
