namespace FinkXmatch.Core.Sky.Moc;

/// <summary>A JSON MOC that is not valid: bad syntax, an order outside 0..29 or a pixel index outside its order.</summary>
public sealed class MocFormatException : FormatException
{
    /// <summary>Creates the exception with a message that names the offending order or index.</summary>
    public MocFormatException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
