using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace FinkXmatch.Api.Problems;

/// <summary>
/// Answers 503 problem+json, with <c>Retry-After</c>, when a request fails because the cluster's state store
/// (PostgreSQL in durable mode) or a silo cannot be reached: a condition that passes, which the caller should retry,
/// not an error of the service. Anything else is left to the default handler (500 problem+json).
/// </summary>
public sealed partial class StorageUnavailableHandler(IProblemDetailsService problems, ILogger<StorageUnavailableHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Cause(exception) is not { } cause) return false;
        LogUnavailable(logger, cause, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service temporarily unavailable",
                Detail = cause is DbException
                    ? $"the cluster's state store cannot be reached ({cause.Message.Trim()}); nothing was recorded: try again in a few seconds"
                    : $"a silo of the cluster cannot be reached ({cause.Message.Trim()}); try again in a few seconds",
            },
        });
    }

    /// <summary>The database or silo failure behind <paramref name="exception"/>, or null when it is something else.</summary>
    internal static Exception? Cause(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException or SiloUnavailableException or OrleansMessageRejectionException) return e;
            if (e is AggregateException aggregate)
                return aggregate.InnerExceptions.Select(Cause).FirstOrDefault(c => c is not null);
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the state store or a silo is unreachable")]
    private static partial void LogUnavailable(ILogger logger, Exception cause, string method, string path);
}
