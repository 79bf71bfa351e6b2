namespace FinkXmatch.Grains.Jobs;

/// <summary>The job's state could not be written to grain storage; <see cref="Exception.InnerException"/> says why.</summary>
public sealed class JobStateNotSavedException(Exception inner) : Exception($"job state not saved: {inner.Message}", inner);
