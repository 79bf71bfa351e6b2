using Microsoft.Extensions.Logging;

namespace FinkXmatch.Grains.Jobs;

/// <summary>What the job grain and its collaborators write to the silo's log (the job's own log is <see cref="JobLog"/>).</summary>
internal static partial class JobGrainLogging
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed")]
    public static partial void JobFailed(ILogger logger, Exception error, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: call about {What} failed; retrying on the next tick")]
    public static partial void CallFailed(ILogger logger, Exception error, string jobId, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: grain storage did not save the state; carrying on in memory, saving again on the next tick")]
    public static partial void StateNotSaved(ILogger logger, Exception? error, string jobId);
}
