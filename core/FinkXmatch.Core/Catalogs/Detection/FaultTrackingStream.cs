using FinkXmatch.Core.Storage;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// A read-only pass-through stream that remembers whether the underlying stream itself failed. It lets the reader
/// factory tell an <see cref="IOException"/> from a failing disk (let through) from one a parser throws on bad
/// bytes (reported as a <see cref="CatalogException"/>).
/// </summary>
internal sealed class FaultTrackingStream(Stream inner) : Stream
{
    /// <summary>True once a call on the underlying stream has thrown an <see cref="IOException"/>.</summary>
    public bool Faulted { get; private set; }

    /// <summary>The stream tracked.</summary>
    internal Stream Inner => inner;

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => Track(() => inner.Length);

    public override long Position
    {
        get => Track(() => inner.Position);
        set => Track(() => inner.Position = value);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (IOException)
        {
            Faulted = true;
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>
    /// Reads in place. The catalog readers wait for every read (they block on Parquet.Net's asynchronous calls), and the
    /// streams under them are files or spooled copies opened for synchronous reads, whose own <c>ReadAsync</c> hands each
    /// read to the thread pool for this thread to wait on: a hop, a pool thread and a JIT-compiled state machine per read.
    /// </summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        InPlaceFileStream.ReadInPlace(this, buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => Track(() => inner.Seek(offset, origin));

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    private T Track<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (IOException)
        {
            Faulted = true;
            throw;
        }
    }
}
