using Microsoft.Extensions.Logging;

namespace FinkXmatch.Grains;

/// <summary>
/// One structured line per act that changes or takes something (submit, cancel, download, user changes): who, what,
/// on which object, its outcome and when, under the log category <c>FinkXmatch.Audit</c>. Names and ids only, never a
/// credential. Shared by the HTTP API and the grains (user changes from the command line are recorded by the grain).
/// </summary>
public sealed partial class AuditLog(ILoggerFactory loggers, TimeProvider time)
{
    public const string Category = "FinkXmatch.Audit";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public void Record(string who, string action, string target, string outcome = "ok") =>
        Write(_logger, action, who, target, outcome, time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Information,
        Message = "audit {Action} by {User} on {Target}: {Outcome} at {When:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}")]
    private static partial void Write(ILogger logger, string action, string user, string target, string outcome, DateTimeOffset when);
}
