namespace FinkXmatch.Core.Xmatch;

/// <summary>Where a crossmatch spends its time (summed over the threads that scan, see <see cref="XmatchCounters.TimeIn"/>).</summary>
public enum XmatchStage
{
    /// <summary>Opening files and reading their footers (metadata, schema).</summary>
    Open,
    /// <summary>Reading and decoding the <c>candidate.ra</c>/<c>candidate.dec</c> column chunks.</summary>
    Positions,
    /// <summary>HEALPix pixel, index lookup and separation tests.</summary>
    Match,
    /// <summary>Late materialization of the requested fields for matched rows.</summary>
    Materialize,
    /// <summary>Handing result rows on: to the caller per row group, then to the runner's sink in night order (writing).</summary>
    Sink,
}
