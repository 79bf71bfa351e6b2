namespace FinkXmatch.Core.Datalake;

/// <summary>
/// A datalake problem a person can fix (bad range, unknown field, missing directory); the message is one actionable line.
/// </summary>
public sealed class DatalakeException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public DatalakeException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and the low-level cause.</summary>
    public DatalakeException(string message, Exception inner) : base(message, inner) { }
}
