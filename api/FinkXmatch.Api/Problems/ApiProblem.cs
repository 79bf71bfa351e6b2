namespace FinkXmatch.Api.Problems;

/// <summary>
/// A request the API refuses, carried up to the endpoint that turns it into problem+json. The detail is one line
/// that tells the caller what to change. <see cref="Limit"/> names the configuration key of the limit exceeded, if any
/// (the problem's <c>limit</c> member); <see cref="RetryAfter"/>, when to try again (the <c>Retry-After</c> header);
/// <see cref="Argument"/> the request argument at fault, if any.
/// </summary>
public sealed class ApiProblem(int statusCode, string title, string detail, string? limit = null, TimeSpan? retryAfter = null, string? argument = null) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;
    public string Title { get; } = title;
    public string? Limit { get; } = limit;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The request argument at fault (the problem's <c>argument</c> member), if one is.</summary>
    public string? Argument { get; } = argument;

    public static ApiProblem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static ApiProblem TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "Upload too large", detail);
}
