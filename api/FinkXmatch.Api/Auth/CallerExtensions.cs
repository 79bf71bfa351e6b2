namespace FinkXmatch.Api.Auth;

/// <summary>The <see cref="Caller"/> of a request that passed authorization (every API endpoint requires one).</summary>
public static class CallerExtensions
{
    public static Caller Caller(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Auth.Caller.From(http.User) ?? throw new InvalidOperationException($"{http.Request.Path} was reached without a signed-in user");
    }
}
