using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Hosting;

/// <summary>The addresses the HTTP server listens on (<c>--urls</c>), checked before the host is built on them.</summary>
public static class ListenUrls
{
    /// <exception cref="UsageException">An address that is not http:// or https://.</exception>
    public static void Check(string? urls)
    {
        if (string.IsNullOrWhiteSpace(urls)) return;
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel also takes http://*:PORT and http://+:PORT, which are not valid URIs.
            var probe = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new UsageException($"--urls '{url}' is not an http:// or https:// address, e.g. http://127.0.0.1:5080");
        }
    }
}
