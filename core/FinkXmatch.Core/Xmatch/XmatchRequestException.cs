namespace FinkXmatch.Core.Xmatch;

/// <summary>A crossmatch request that cannot be run as asked; the message says what to change.</summary>
public sealed class XmatchRequestException(string message) : Exception(message);
