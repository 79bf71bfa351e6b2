using System.Runtime.InteropServices;

namespace FinkXmatch.Core.Storage;

/// <summary>
/// A file stream whose asynchronous reads, writes and flushes are done in place, for callers that wait for each of
/// them anyway (Parquet.Net reading a footer, the CLI writing its result file). A <see cref="FileStream"/> opened for
/// synchronous I/O hands each asynchronous call to the thread pool for the caller to wait on: a hop per call, and in a
/// short process the JIT compilation of every async state machine up the chain that the hop suspends.
/// </summary>
public sealed class InPlaceFileStream(string path, FileMode mode, FileAccess access, FileShare share)
    : FileStream(path, mode, access, share, bufferSize: 4096, FileOptions.None)
{
    /// <summary>Opens an existing file for reading, shared with other readers.</summary>
    public static InPlaceFileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read);

    /// <summary>Creates (or truncates) a file for writing.</summary>
    public static InPlaceFileStream Create(string path) => new(path, FileMode.Create, FileAccess.Write, FileShare.None);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadInPlace(this, buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        try
        {
            // An array's bytes through Write(byte[], ...): for a class derived from FileStream, Write(span) goes through
            // Stream's, which copies the bytes into a rented array first (a result file's every page: ~2 ns per result row).
            if (MemoryMarshal.TryGetArray(buffer, out var array)) Write(array.Array!, array.Offset, array.Count);
            else Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary><paramref name="stream"/>'s synchronous read, as a completed asynchronous one (or a faulted or cancelled one).</summary>
    internal static ValueTask<int> ReadInPlace(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<int>(cancellationToken);
        try
        {
            return ValueTask.FromResult(stream.Read(buffer.Span));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<int>(e);
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        try
        {
            Flush();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }
}
