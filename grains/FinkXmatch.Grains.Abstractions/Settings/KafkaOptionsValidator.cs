using System.Globalization;

namespace FinkXmatch.Grains.Settings;

/// <summary>Refuses a broker that is neither <c>embedded</c> nor a <c>HOST:PORT</c> list, and a retry budget that cannot work.</summary>
public sealed class KafkaOptionsValidator : SettingsValidator<KafkaOptions>
{
    protected override IEnumerable<string?> Failures(KafkaOptions options) =>
    [
        IsBootstrapList(options) ? null : $"--kafka ({FinkXmatchSection.Key(nameof(options.Kafka))}) must be 'embedded' or HOST:PORT[,HOST:PORT...], got '{options.Kafka}'",
        Positive(options.KafkaMaxAttempts, nameof(options.KafkaMaxAttempts)),
        NotNegative(options.KafkaFirstRetryDelay, nameof(options.KafkaFirstRetryDelay)),
        Positive(options.KafkaOperationTimeout, nameof(options.KafkaOperationTimeout), "00:00:30"),
    ];

    private static bool IsBootstrapList(KafkaOptions options)
    {
        if (options.IsEmbedded) return true;
        foreach (var server in (options.Kafka ?? "").Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535)
            {
                return false;
            }
        }
        return true;
    }
}
