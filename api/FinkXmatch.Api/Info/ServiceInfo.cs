namespace FinkXmatch.Api.Info;

/// <summary>
/// CONTRACT §2 <c>GET /info</c>: what this service runs against. <see cref="Datalake"/> is the first survey's datalake
/// (the only one when one is served); <see cref="Surveys"/> (an addition) has each survey's, by name.
/// </summary>
public sealed record ServiceInfo(string Version, string KafkaBootstrapServers, int CoresPerJob, DatalakeInfo Datalake,
    Dictionary<string, DatalakeInfo> Surveys);

/// <summary>The datalake's extent; every member is null when no datalake is configured.</summary>
public sealed record DatalakeInfo(int? Nights, long? Alerts, string? FirstNight, string? LastNight)
{
    public static DatalakeInfo None { get; } = new(null, null, null, null);
}
