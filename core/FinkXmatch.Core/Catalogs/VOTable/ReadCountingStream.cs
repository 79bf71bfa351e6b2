namespace FinkXmatch.Core.Catalogs.VOTable;

/// <summary>Passes reads through and counts the bytes, so an empty upload can be told from bad XML. Does not own the stream.</summary>
internal sealed class ReadCountingStream(Stream inner) : ForwardReadStream
{
    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        BytesRead += n;
        return n;
    }

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        BytesRead += n;
        return n;
    }
}
