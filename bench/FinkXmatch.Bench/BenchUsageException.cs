namespace FinkXmatch.Bench;

/// <summary>A benchmark's options are wrong: reported in one line with exit 2, without a stack trace.</summary>
internal sealed class BenchUsageException(string message) : ArgumentException(message);
