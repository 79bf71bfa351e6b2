namespace FinkXmatch.Api.Info;

/// <summary>CONTRACT §2 <c>GET /info</c>: what this service runs against.</summary>
public sealed record ServiceInfo(string Version, string KafkaBootstrapServers, int CoresPerJob, DatalakeInfo Datalake);

/// <summary>The datalake's extent; every member is null when no datalake is configured.</summary>
public sealed record DatalakeInfo(int? Nights, long? Alerts, string? FirstNight, string? LastNight)
{
    public static DatalakeInfo None { get; } = new(null, null, null, null);
}
