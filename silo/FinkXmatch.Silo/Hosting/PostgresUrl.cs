using System.Globalization;
using FinkXmatch.Silo.Cli;
using Npgsql;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// A <c>postgres://user:password@host:port/database?sslmode=require</c> URL (the form libpq, Heroku and most hosted
/// PostgreSQL services hand out) turned into the Npgsql connection string the Orleans ADO.NET providers take.
/// </summary>
public sealed class PostgresUrl
{
    public const int DefaultPort = 5432;

    private static readonly string[] Schemes = ["postgres", "postgresql"];

    // libpq query parameters with an Npgsql equivalent; anything else is refused rather than silently ignored.
    private static readonly Dictionary<string, string> QueryKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["sslrootcert"] = "Root Certificate",
    };

    private PostgresUrl(NpgsqlConnectionStringBuilder builder) => Builder = builder;

    private NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>The Npgsql connection string, password included.</summary>
    public string ConnectionString => Builder.ConnectionString;

    /// <summary><c>user@host:port/database</c>, for messages and logs: never the password.</summary>
    public string Display => $"{Builder.Username}@{Builder.Host}:{Builder.Port.ToString(CultureInfo.InvariantCulture)}/{Builder.Database}";

    public static bool LooksLikeOne(string value) =>
        Schemes.Any(s => value.StartsWith(s + "://", StringComparison.OrdinalIgnoreCase));

    /// <exception cref="UsageException">Not a usable postgres:// URL; the message says what is missing.</exception>
    public static PostgresUrl Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        const string Form = "postgres://USER:PASSWORD@HOST:PORT/DATABASE";
        if (!LooksLikeOne(value) || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new UsageException($"--storage: '{Redact(value)}' is not a PostgreSQL URL, expected {Form}");

        var userInfo = uri.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(userInfo[0]);
        if (user.Length == 0) throw new UsageException($"--storage: '{Redact(value)}' names no user, expected {Form}");
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
            throw new UsageException($"--storage: '{Redact(value)}' names no database, expected {Form}");

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.IdnHost,
            Port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port,
            Username = user,
            Database = database,
            // Fail fast at start when the server is not there; a flag in the URL may say otherwise.
            Timeout = 10,
        };
        if (userInfo.Length == 2) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        ApplyQuery(builder, uri.Query, value);
        return new PostgresUrl(builder);
    }

    /// <summary>The URL with its password replaced, safe to print.</summary>
    public static string Redact(string value)
    {
        var at = value.LastIndexOf('@');
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme) return value;
        var colon = value.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? string.Concat(value.AsSpan(0, colon + 1), "***", value.AsSpan(at)) : value;
    }

    private static void ApplyQuery(NpgsqlConnectionStringBuilder builder, string query, string value)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(parts[0]);
            if (!QueryKeys.TryGetValue(name, out var key))
                throw new UsageException($"--storage: '{Redact(value)}' has an unknown parameter '{name}'; known: {string.Join(", ", QueryKeys.Keys)}");
            try
            {
                builder[key] = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : "";
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new UsageException($"--storage: parameter '{name}' of '{Redact(value)}': {e.Message.ReplaceLineEndings(" ")}");
            }
        }
    }
}
