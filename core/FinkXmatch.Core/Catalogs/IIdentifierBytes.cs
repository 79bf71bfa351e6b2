namespace FinkXmatch.Core.Catalogs;

/// <summary>Identifiers held as UTF-8, one per source in source order: what <see cref="DuplicateIdentifiers"/> searches.</summary>
internal interface IIdentifierBytes
{
    int Count { get; }

    /// <summary>The UTF-8 bytes of source <paramref name="source"/>'s identifier.</summary>
    ReadOnlySpan<byte> Utf8(int source);
}
