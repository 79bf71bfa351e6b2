using System.Globalization;
using FinkXmatch.Grains;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// Checks the service's settings before anything starts, whichever source they came from, so that a typo is one
/// line and exit code 2 rather than a stack trace later.
/// </summary>
public static class ServiceOptionsValidator
{
    /// <exception cref="UsageException">The first setting that cannot work, and why.</exception>
    public static void Validate(FinkXmatchOptions options, string? urls)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateUrls(urls);
        ValidateStorage(options.Storage);
        ValidateKafka(options.Kafka);
        if (string.IsNullOrWhiteSpace(options.DataDirectory)) throw new UsageException("--data-dir must not be empty");
        if (options.Datalake is { Length: > 0 } datalake && !Directory.Exists(datalake))
            throw new UsageException($"--datalake '{Path.GetFullPath(datalake)}' is not a directory: pass the folder holding year=YYYY/");
        foreach (var (name, root) in options.Datalakes)
        {
            if (!Core.Datalake.Survey.TryParse(name, out var survey))
                throw new UsageException($"{FinkXmatchOptions.Section}:Datalakes:{name}: unknown survey '{name}', use {string.Join(" or ", Core.Datalake.Survey.All.Select(s => s.Name))}");
            if (!Directory.Exists(root))
                throw new UsageException($"--datalake {survey.Name}='{Path.GetFullPath(root)}' is not a directory: pass the folder holding year=YYYY/");
            if (options.Datalake is { Length: > 0 } single && Core.Xmatch.SurveyDatalakes.Detect(single) == survey)
                throw new UsageException($"--datalake '{single}' holds {survey.Name.ToUpperInvariant()} alerts and --datalake {survey.Name}=... names another: give one datalake per survey");
        }
        Positive(options.CoresPerJob, "CoresPerJob");
        Positive(options.MaxUploadBytes, "MaxUploadBytes");
        Positive(options.MaxCatalogRows, "MaxCatalogRows");
        Positive(options.MaxCatalogColumns, "MaxCatalogColumns");
        Positive(options.MaxFields, "MaxFields");
        Positive(options.MaxRequestBodyBytes, "MaxRequestBodyBytes");
        Positive(options.MaxUnfinishedJobsPerClient, "MaxUnfinishedJobsPerClient");
        Positive(options.MaxUnfinishedJobs, "MaxUnfinishedJobs");
        Positive(options.MaxSkySearchRows, "MaxSkySearchRows");
        Positive(options.MaxUploadsPerUserPerDay, "MaxUploadsPerUserPerDay");
        Positive(options.MaxStoredBytesPerUser, "MaxStoredBytesPerUser");
        Positive(options.KafkaMaxAttempts, "KafkaMaxAttempts");
        if (options.KafkaOperationTimeout <= TimeSpan.Zero)
            throw new UsageException($"{FinkXmatchOptions.Section}:KafkaOperationTimeout must be positive, e.g. 00:00:30, got {options.KafkaOperationTimeout}");
        if (options.KafkaFirstRetryDelay < TimeSpan.Zero)
            throw new UsageException($"{FinkXmatchOptions.Section}:KafkaFirstRetryDelay must not be negative, got {options.KafkaFirstRetryDelay}");
        Port(options.SiloPort, "SiloPort");
        Port(options.GatewayPort, "GatewayPort");
    }

    private static void ValidateUrls(string? urls)
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

    private static void ValidateStorage(string storage)
    {
        if (string.Equals(storage, "memory", StringComparison.OrdinalIgnoreCase)) return;
        if (PostgresUrl.LooksLikeOne(storage))
        {
            PostgresUrl.Parse(storage);
            return;
        }
        throw new UsageException($"--storage must be 'memory' or a postgres://... URL, got '{storage}'");
    }

    private static void ValidateKafka(string kafka)
    {
        if (string.Equals(kafka, "embedded", StringComparison.OrdinalIgnoreCase)) return;
        foreach (var server in kafka.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535)
            {
                throw new UsageException($"--kafka must be 'embedded' or HOST:PORT[,HOST:PORT...], got '{kafka}'");
            }
        }
    }

    private static void Positive(long value, string name)
    {
        if (value <= 0) throw new UsageException($"{FinkXmatchOptions.Key(name)} must be positive, got {value.ToString(CultureInfo.InvariantCulture)}");
    }

    private static void Port(int port, string name)
    {
        if (port is < 1 or > 65535) throw new UsageException($"{FinkXmatchOptions.Key(name)} must be a port from 1 to 65535, got {port.ToString(CultureInfo.InvariantCulture)}");
    }
}
