namespace FinkXmatch.Core.SkySearch;

/// <summary>
/// A cone search or region request that cannot be answered as asked: the message says what to change, and
/// <see cref="Argument"/> names the argument at fault (<c>ra</c>, <c>radius</c>, <c>stopdate</c>, <c>moc</c>...).
/// </summary>
public class SkySearchException(string argument, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The request argument at fault.</summary>
    public string Argument { get; } = argument;
}

/// <summary>More alerts lie in the region than one answer may hold.</summary>
public sealed class SkySearchTooManyException(string argument, long found, long limit)
    : SkySearchException(argument, $"{found:N0} or more alerts match, more than the {limit:N0} one answer may hold: narrow the {argument} or the dates")
{
    public long Found { get; } = found;
    public long Limit { get; } = limit;
}
