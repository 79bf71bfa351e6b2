using System.Runtime.ExceptionServices;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// What <see cref="CatalogReaders"/> returns: forwards to a format reader and turns any exception other than a
/// <see cref="CatalogException"/> into one (MalformedFile, or TruncatedFile for an unexpected end of stream), so that
/// callers only ever see CatalogException for bad bytes. Failures of the underlying stream (a disk error) are
/// let through as the <see cref="IOException"/> they are. Column indexes are checked here, before the inner reader
/// runs, so a caller's bad index stays an <see cref="ArgumentOutOfRangeException"/>.
/// </summary>
internal sealed class GuardedCatalogReader(ICatalogReader inner, FaultTrackingStream stream) : ICatalogReader
{
    private bool _disposed;

    public string FileName => inner.FileName;

    /// <summary>The format reader (for loaders that read its file directly).</summary>
    internal ICatalogReader Inner => inner;

    public CatalogFormat Format => inner.Format;

    public IReadOnlyList<CatalogColumn> Columns { get; } = inner.Columns;

    public CsvSeparator? TextSeparator => inner.TextSeparator;

    public long Row => inner.Row;

    public bool Read()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return inner.Read();
        }
        catch (Exception e) when (e is not CatalogException || stream.Faulted)
        {
            throw Translate(e, stream, inner.FileName, inner.Row + 1);
        }
    }

    /// <summary>A Parquet table's <see cref="ParquetCatalogReader.SkipToEnd"/>, guarded as <see cref="Read"/> is.</summary>
    internal bool SkipToEnd(ParquetCatalogReader parquet, long maxRows)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!ReferenceEquals(parquet, inner)) throw new ArgumentException("not this reader's table", nameof(parquet));
        try
        {
            return parquet.SkipToEnd(maxRows);
        }
        catch (Exception e) when (e is not CatalogException || stream.Faulted)
        {
            throw Translate(e, stream, inner.FileName, inner.Row + 1);
        }
    }

    public bool IsNull(int column)
    {
        Check(column);
        try
        {
            return inner.IsNull(column);
        }
        catch (Exception e) when (e is not CatalogException || stream.Faulted)
        {
            throw Translate(e, stream, inner.FileName, inner.Row);
        }
    }

    public string GetText(int column)
    {
        Check(column);
        try
        {
            return inner.GetText(column);
        }
        catch (Exception e) when (e is not CatalogException || stream.Faulted)
        {
            throw Translate(e, stream, inner.FileName, inner.Row);
        }
    }

    public bool TryGetDouble(int column, out double value)
    {
        Check(column);
        try
        {
            return inner.TryGetDouble(column, out value);
        }
        catch (Exception e) when (e is not CatalogException || stream.Faulted)
        {
            throw Translate(e, stream, inner.FileName, inner.Row);
        }
    }

    public bool TryGetInt64(int column, out long value)
    {
        Check(column);
        try
        {
            return inner.TryGetInt64(column, out value);
        }
        catch (Exception e) when (e is not CatalogException || stream.Faulted)
        {
            throw Translate(e, stream, inner.FileName, inner.Row);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            inner.Dispose();
        }
        catch (Exception e) when (e is not IOException || !stream.Faulted)
        {
            // Releasing a reader over bad bytes must not throw over the error being reported.
        }
        finally
        {
            stream.Dispose();
        }
    }

    private void Check(int column)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns.Count);
    }

    /// <summary>
    /// The CatalogException to throw instead of <paramref name="e"/>. A failure of the stream itself is rethrown as
    /// the IOException it is (also when a format reader had wrapped it), as is a CatalogException.
    /// </summary>
    internal static Exception Translate(Exception e, FaultTrackingStream stream, string fileName, long? row)
    {
        if (stream.Faulted)
        {
            if (e is IOException) ExceptionDispatchInfo.Throw(e);
            if (e is CatalogException { InnerException: IOException io and not EndOfStreamException }) ExceptionDispatchInfo.Throw(io);
        }
        if (e is CatalogException) ExceptionDispatchInfo.Throw(e);
        var where = row is > 0 ? row : null;
        return e is EndOfStreamException
            ? new CatalogException(CatalogErrorKind.TruncatedFile, fileName, "the file ends unexpectedly (truncated?)", where, inner: e)
            : new CatalogException(CatalogErrorKind.MalformedFile, fileName, $"the file cannot be read: {e.Message}", where, inner: e);
    }
}
