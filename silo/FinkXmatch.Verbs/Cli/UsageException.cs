namespace FinkXmatch.Silo.Cli;

/// <summary>Bad command-line input: printed as one line on stderr, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
