using Microsoft.Net.Http.Headers;

namespace FinkXmatch.Api.Auth;

/// <summary>Reads <c>Authorization: Bearer CREDENTIAL</c>; says what is wrong with any other Authorization header.</summary>
public static class BearerHeader
{
    /// <summary>No header: (null, null). A bearer credential: (it, null). Anything else: (null, why).</summary>
    public static (string? Credential, string? Problem) Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers[HeaderNames.Authorization];
        if (values.Count == 0) return (null, null);
        if (values.Count > 1) return (null, "send one Authorization header");
        var header = values[0] ?? "";
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
            return (null, "the Authorization header must be 'Bearer <token>'");
        var credential = header[bearer.Length..].Trim();
        return credential.Length == 0 ? (null, "the Authorization header holds no token after 'Bearer'") : (credential, null);
    }
}
