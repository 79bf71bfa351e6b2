namespace FinkXmatch.Core.ParquetFormat;

/// <summary>Which Snappy compressor writes a flat file's pages; any Snappy decoder reads both.</summary>
internal enum PageCompressor
{
    /// <summary>
    /// <see cref="SnappyPageEncoder"/>: each value against the one before it, no hash table. Result files, written once
    /// per job: ~20 against Snappier's ~43 ns per result row, files ~14 % larger (docs/performance.md).
    /// </summary>
    Fast,

    /// <summary>
    /// Snappier's hash-table compressor. The sky index, written once per night and read by every search: 25.5 against
    /// 27.4 bytes per alert with <see cref="Fast"/> (400,000 ZTF alerts).
    /// </summary>
    Compact,
}
